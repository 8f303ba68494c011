//! Swagger 2.0 conversion.

use super::*;

#[test]
fn swagger_servers_from_host_base_path_and_schemes() {
    let servers = |extra: Value| swagger(extra).0.get("servers").cloned();
    assert_eq!(
        servers(
            json!({ "host": "api.example.com", "basePath": "/v1/", "schemes": ["http", "https"] })
        ),
        Some(
            json!([{ "url": "http://api.example.com/v1" }, { "url": "https://api.example.com/v1" }])
        )
    );
    assert_eq!(
        servers(json!({ "host": "h" })),
        Some(json!([{ "url": "https://h" }]))
    );
    assert_eq!(
        servers(json!({ "basePath": "/api" })),
        Some(json!([{ "url": "/api" }]))
    );
    assert_eq!(servers(json!({ "basePath": "/" })), None);
    assert_eq!(servers(json!({ "schemes": ["http"] })), None);
    assert_eq!(
        servers(json!({ "host": "http://h:8080/", "basePath": "v2" })),
        Some(json!([{ "url": "http://h:8080/v2" }]))
    );
}

#[test]
fn swagger_top_level_fields_are_kept_in_a_fixed_order() {
    let (out, notes) = run(json!({
        "x-top": 1,
        "swagger": "2.0",
        "info": info(),
        "host": "h",
        "basePath": "/b",
        "schemes": ["https"],
        "consumes": ["application/json"],
        "produces": ["application/json"],
        "tags": [{ "name": "t" }],
        "security": [{ "k": [] }],
        "externalDocs": { "url": "https://docs" },
        "paths": { "/a": { "x-p": 1, "get": {
            "tags": ["t"],
            "summary": "s",
            "operationId": "op",
            "schemes": ["https"],
            "deprecated": true,
            "security": [],
            "x-op": 2,
            "responses": { "200": { "description": "ok" } }
        } } },
        "securityDefinitions": { "k": { "type": "apiKey", "name": "k", "in": "query" } },
        "x-end": true
    }));
    let expected = json!({
        "openapi": "3.0.3",
        "info": info(),
        "servers": [{ "url": "https://h/b" }],
        "security": [{ "k": [] }],
        "tags": [{ "name": "t" }],
        "externalDocs": { "url": "https://docs" },
        "paths": { "/a": { "x-p": 1, "get": {
            "tags": ["t"],
            "summary": "s",
            "operationId": "op",
            "deprecated": true,
            "security": [],
            "x-op": 2,
            "responses": { "200": { "description": "ok" } }
        } } },
        "components": { "securitySchemes": { "k": { "type": "apiKey", "name": "k", "in": "query" } } },
        "x-top": 1,
        "x-end": true
    });
    assert_eq!(
        serde_json::to_string(&out).unwrap(),
        serde_json::to_string(&expected).unwrap()
    );
    assert!(notes.is_empty());
}

#[test]
fn swagger_components_security_and_refs() {
    let (out, notes) = swagger(json!({
        "paths": { "/pets/{id}": { "get": {
            "parameters": [{ "$ref": "#/parameters/Id" }, { "$ref": "#/parameters/Body" }],
            "responses": {
                "200": { "$ref": "#/responses/Pet" },
                "default": { "description": "err", "schema": { "$ref": "#/definitions/Error" } }
            }
        } } },
        "definitions": {
            "Pet": { "type": "object", "properties": {
                "owner": { "$ref": "#/definitions/Person" },
                "tags": { "type": "array", "items": { "$ref": "#/definitions/Tag" } }
            } },
            "Person": { "type": "object" },
            "Tag": { "type": "string" },
            "Error": { "type": "object" }
        },
        "parameters": {
            "Id": { "name": "id", "in": "path", "required": true, "type": "string" },
            "Body": { "name": "pet", "in": "body", "required": true, "schema": { "$ref": "#/definitions/Pet" } },
            "Field": { "name": "f", "in": "formData", "type": "string" }
        },
        "responses": { "Pet": { "description": "a pet", "schema": { "$ref": "#/definitions/Pet" } } },
        "securityDefinitions": {
            "basic": { "type": "basic", "description": "b" },
            "key": { "type": "apiKey", "name": "X-Key", "in": "header" },
            "implicit": { "type": "oauth2", "flow": "implicit", "authorizationUrl": "https://a", "scopes": { "r": "read" } },
            "password": { "type": "oauth2", "flow": "password", "tokenUrl": "https://t", "scopes": {} },
            "application": { "type": "oauth2", "flow": "application", "tokenUrl": "https://t", "scopes": { "w": "write" } },
            "accessCode": {
                "type": "oauth2",
                "flow": "accessCode",
                "authorizationUrl": "https://a",
                "tokenUrl": "https://t",
                "x-extra": true
            }
        }
    }));
    assert_eq!(
        out,
        json!({
            "openapi": "3.0.3",
            "info": info(),
            "paths": { "/pets/{id}": { "get": {
                "parameters": [{ "$ref": "#/components/parameters/Id" }],
                "requestBody": { "$ref": "#/components/requestBodies/Body" },
                "responses": {
                    "200": { "$ref": "#/components/responses/Pet" },
                    "default": {
                        "description": "err",
                        "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Error" } } }
                    }
                }
            } } },
            "components": {
                "schemas": {
                    "Pet": { "type": "object", "properties": {
                        "owner": { "$ref": "#/components/schemas/Person" },
                        "tags": { "type": "array", "items": { "$ref": "#/components/schemas/Tag" } }
                    } },
                    "Person": { "type": "object" },
                    "Tag": { "type": "string" },
                    "Error": { "type": "object" }
                },
                "responses": { "Pet": {
                    "description": "a pet",
                    "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Pet" } } }
                } },
                "parameters": { "Id": { "name": "id", "in": "path", "required": true, "schema": { "type": "string" } } },
                "requestBodies": { "Body": {
                    "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Pet" } } },
                    "required": true
                } },
                "securitySchemes": {
                    "basic": { "type": "http", "scheme": "basic", "description": "b" },
                    "key": { "type": "apiKey", "name": "X-Key", "in": "header" },
                    "implicit": { "type": "oauth2", "flows": { "implicit": { "authorizationUrl": "https://a", "scopes": { "r": "read" } } } },
                    "password": { "type": "oauth2", "flows": { "password": { "tokenUrl": "https://t", "scopes": {} } } },
                    "application": { "type": "oauth2", "flows": { "clientCredentials": { "tokenUrl": "https://t", "scopes": { "w": "write" } } } },
                    "accessCode": {
                        "type": "oauth2",
                        "flows": { "authorizationCode": { "authorizationUrl": "https://a", "tokenUrl": "https://t", "scopes": {} } },
                        "x-extra": true
                    }
                }
            }
        })
    );
    assert!(notes.is_empty());
}

#[test]
fn swagger_body_parameters_become_request_bodies() {
    let (out, _) = swagger(json!({
        "consumes": ["application/json", "application/xml"],
        "parameters": { "Body": { "name": "b", "in": "body", "schema": { "type": "string" } } },
        "definitions": { "Pet": { "type": "object" } },
        "paths": { "/a": {
            "post": {
                "parameters": [{
                    "in": "body",
                    "name": "pet",
                    "description": "the pet",
                    "required": true,
                    "schema": { "$ref": "#/definitions/Pet" }
                }],
                "responses": { "204": { "description": "done" } }
            },
            "put": { "consumes": ["text/plain"], "parameters": [{ "$ref": "#/parameters/Body" }], "responses": {} },
            "patch": { "parameters": [{ "$ref": "#/parameters/Body" }], "responses": {} }
        } }
    }));
    let pet = json!({ "schema": { "$ref": "#/components/schemas/Pet" } });
    assert_eq!(
        out["paths"],
        json!({ "/a": {
            "post": {
                "requestBody": {
                    "description": "the pet",
                    "content": { "application/json": pet, "application/xml": pet },
                    "required": true
                },
                "responses": { "204": { "description": "done" } }
            },
            "put": {
                "requestBody": { "content": { "text/plain": { "schema": { "type": "string" } } } },
                "responses": {}
            },
            "patch": { "requestBody": { "$ref": "#/components/requestBodies/Body" }, "responses": {} }
        } })
    );
    let string = json!({ "schema": { "type": "string" } });
    assert_eq!(
        out["components"]["requestBodies"],
        json!({ "Body": { "content": { "application/json": string, "application/xml": string } } })
    );
}

#[test]
fn swagger_form_parameters_become_one_form_body() {
    let ok = json!({ "200": { "description": "ok" } });
    let (out, _) = swagger(json!({
        "parameters": { "Pass": { "name": "pass", "in": "formData", "type": "string", "format": "password" } },
        "paths": {
            "/upload": { "post": {
                "consumes": ["multipart/form-data"],
                "parameters": [
                    { "name": "meta", "in": "formData", "type": "string", "description": "m", "required": true },
                    { "name": "tags", "in": "formData", "type": "array", "items": { "type": "string" }, "collectionFormat": "multi" }
                ],
                "responses": ok
            } },
            "/file": { "post": {
                "parameters": [{ "name": "file", "in": "formData", "type": "file" }],
                "responses": ok
            } },
            "/login": { "post": {
                "consumes": ["application/x-www-form-urlencoded"],
                "parameters": [
                    { "name": "user", "in": "formData", "type": "string", "required": true },
                    { "$ref": "#/parameters/Pass" }
                ],
                "responses": ok
            } }
        }
    }));
    assert_eq!(
        out,
        json!({
            "openapi": "3.0.3",
            "info": info(),
            "paths": {
                "/upload": { "post": {
                    "requestBody": {
                        "content": { "multipart/form-data": { "schema": {
                            "type": "object",
                            "properties": {
                                "meta": { "description": "m", "type": "string" },
                                "tags": { "type": "array", "items": { "type": "string" } }
                            },
                            "required": ["meta"]
                        } } },
                        "required": true
                    },
                    "responses": ok
                } },
                "/file": { "post": {
                    "requestBody": { "content": { "multipart/form-data": { "schema": {
                        "type": "object",
                        "properties": { "file": { "type": "string", "format": "binary" } }
                    } } } },
                    "responses": ok
                } },
                "/login": { "post": {
                    "requestBody": {
                        "content": { "application/x-www-form-urlencoded": { "schema": {
                            "type": "object",
                            "properties": {
                                "user": { "type": "string" },
                                "pass": { "type": "string", "format": "password" }
                            },
                            "required": ["user"]
                        } } },
                        "required": true
                    },
                    "responses": ok
                } }
            }
        })
    );
}

#[test]
fn swagger_plain_parameters_get_a_schema_and_a_style() {
    let strings = json!({ "type": "array", "items": { "type": "string" } });
    let (out, notes) = swagger(json!({ "paths": { "/items/{id}": {
        "parameters": [
            { "name": "id", "in": "path", "required": true, "type": "integer", "format": "int64", "minimum": 1 },
            { "name": "payload", "in": "body", "schema": { "type": "object" } }
        ],
        "get": {
            "parameters": [
                { "name": "multi", "in": "query", "type": "array", "items": { "type": "string", "enum": ["a", "b"] }, "collectionFormat": "multi" },
                { "name": "csv", "in": "query", "type": "array", "items": { "type": "integer" } },
                { "name": "ssv", "in": "query", "type": "array", "items": { "type": "string" }, "collectionFormat": "ssv" },
                { "name": "pipes", "in": "query", "type": "array", "items": { "type": "string" }, "collectionFormat": "pipes", "default": ["x"] },
                { "name": "tsv", "in": "query", "type": "array", "items": { "type": "string" }, "collectionFormat": "tsv" },
                {
                    "name": "X-Ids",
                    "in": "header",
                    "type": "array",
                    "items": { "type": "array", "collectionFormat": "pipes", "items": { "type": "string" } },
                    "collectionFormat": "csv"
                },
                { "name": "X-Multi", "in": "header", "type": "array", "items": { "type": "string" }, "collectionFormat": "multi" },
                { "name": "q", "in": "query", "type": "string", "allowEmptyValue": true, "x-ext": 1, "maxLength": 10, "pattern": "^a" }
            ],
            "responses": { "200": { "description": "ok" } }
        },
        "put": { "parameters": [{ "name": "payload", "in": "body", "schema": { "type": "string" } }], "responses": {} }
    } } }));
    assert_eq!(
        out["paths"],
        json!({ "/items/{id}": {
            "parameters": [
                { "name": "id", "in": "path", "required": true, "schema": { "type": "integer", "format": "int64", "minimum": 1 } }
            ],
            "get": {
                "parameters": [
                    {
                        "name": "multi",
                        "in": "query",
                        "style": "form",
                        "explode": true,
                        "schema": { "type": "array", "items": { "type": "string", "enum": ["a", "b"] } }
                    },
                    { "name": "csv", "in": "query", "explode": false, "schema": { "type": "array", "items": { "type": "integer" } } },
                    { "name": "ssv", "in": "query", "style": "spaceDelimited", "schema": strings },
                    {
                        "name": "pipes",
                        "in": "query",
                        "style": "pipeDelimited",
                        "schema": { "type": "array", "items": { "type": "string" }, "default": ["x"] }
                    },
                    { "name": "tsv", "in": "query", "explode": false, "schema": strings },
                    { "name": "X-Ids", "in": "header", "schema": { "type": "array", "items": strings } },
                    { "name": "X-Multi", "in": "header", "schema": strings },
                    {
                        "name": "q",
                        "in": "query",
                        "allowEmptyValue": true,
                        "x-ext": 1,
                        "schema": { "type": "string", "maxLength": 10, "pattern": "^a" }
                    }
                ],
                "requestBody": { "content": { "application/json": { "schema": { "type": "object" } } } },
                "responses": { "200": { "description": "ok" } }
            },
            "put": {
                "requestBody": { "content": { "application/json": { "schema": { "type": "string" } } } },
                "responses": {}
            }
        } })
    );
    assert_eq!(
        pointers(&notes),
        vec![
            "#/paths/~1items~1{id}/get/parameters/4/collectionFormat",
            "#/paths/~1items~1{id}/get/parameters/6/collectionFormat",
        ]
    );
}

#[test]
fn swagger_responses_get_content_from_produces() {
    let (out, _) = swagger(json!({
        "produces": ["application/json", "application/xml"],
        "paths": {
            "/r": { "get": { "responses": {
                "200": {
                    "description": "ok",
                    "schema": { "type": "string" },
                    "headers": {
                        "X-Rate": { "type": "integer", "format": "int32", "description": "rate" },
                        "X-List": { "type": "array", "items": { "type": "string" }, "collectionFormat": "csv" }
                    },
                    "examples": { "application/json": "hi", "text/html": "<p>" }
                },
                "404": { "schema": { "type": "object" } },
                "x-ext": { "a": 1 }
            } } },
            "/f": { "get": {
                "produces": ["application/pdf", "application/json"],
                "responses": { "200": { "description": "pdf", "schema": { "type": "file" } } }
            } },
            "/g": { "get": { "responses": { "200": { "description": "bytes", "schema": { "type": "file" } } } } }
        }
    }));
    let binary = json!({ "schema": { "type": "string", "format": "binary" } });
    assert_eq!(
        out["paths"],
        json!({
            "/r": { "get": { "responses": {
                "200": {
                    "description": "ok",
                    "content": {
                        "application/json": { "schema": { "type": "string" }, "example": "hi" },
                        "application/xml": { "schema": { "type": "string" } }
                    },
                    "headers": {
                        "X-Rate": { "description": "rate", "schema": { "type": "integer", "format": "int32" } },
                        "X-List": { "schema": { "type": "array", "items": { "type": "string" } } }
                    }
                },
                "404": {
                    "description": "",
                    "content": {
                        "application/json": { "schema": { "type": "object" } },
                        "application/xml": { "schema": { "type": "object" } }
                    }
                },
                "x-ext": { "a": 1 }
            } } },
            "/f": { "get": { "responses": { "200": { "description": "pdf", "content": { "application/pdf": binary } } } } },
            "/g": { "get": { "responses": { "200": {
                "description": "bytes",
                "content": { "application/octet-stream": binary }
            } } } }
        })
    );
}

#[test]
fn swagger_schema_spellings() {
    let (out, notes) = swagger(json!({ "definitions": {
        "N": { "type": "string", "x-nullable": true },
        "NotNull": { "type": "string", "x-nullable": false },
        "F": { "type": "file" },
        "Base": {
            "type": "object",
            "discriminator": "kind",
            "required": ["kind"],
            "properties": {
                "kind": { "type": "string" },
                "id": { "type": "integer", "required": true },
                "required": { "type": "boolean" },
                "ref": { "$ref": "#/definitions/N", "x-nullable": true, "description": "d" },
                "plain": { "$ref": "#/definitions/N", "description": "d" }
            }
        }
    } }));
    assert_eq!(
        out["components"]["schemas"],
        json!({
            "N": { "type": "string", "nullable": true },
            "NotNull": { "type": "string" },
            "F": { "type": "string", "format": "binary" },
            "Base": {
                "type": "object",
                "discriminator": { "propertyName": "kind" },
                "required": ["kind", "id"],
                "properties": {
                    "kind": { "type": "string" },
                    "id": { "type": "integer" },
                    "required": { "type": "boolean" },
                    "ref": { "allOf": [{ "$ref": "#/components/schemas/N" }], "nullable": true, "description": "d" },
                    "plain": { "$ref": "#/components/schemas/N", "description": "d" }
                }
            }
        })
    );
    assert_eq!(pointers(&notes), vec!["#/definitions/Base"]);
}

// ---- robustness --------------------------------------------------------
