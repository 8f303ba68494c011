//! A streaming chat completion of the OpenAI API (`createChatCompletion`,
//! cut from the corpus spec into `specs/openai-chat.yaml`): the generated
//! `send_streaming` asks for `text/event-stream` and decodes the server-sent
//! chunks one event at a time into `CreateChatCompletionStreamResponse`.

use generated_client::openai_chat::types::{
    CreateChatCompletionRequest, CreateChatCompletionStreamResponseChoicesItemFinishReason,
};
use generated_client::openai_chat::{auth, Client, CreateChatCompletionError};
use generated_client::runtime::{Config, Error, RetryPolicy, StreamError};
use serde_json::json;
use wiremock::matchers::{body_partial_json, header, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

fn chunk(delta: serde_json::Value, finish_reason: serde_json::Value) -> String {
    let chunk = json!({
        "id": "chatcmpl-1",
        "object": "chat.completion.chunk",
        "created": 1_700_000_000,
        "model": "gpt-4o-mini",
        "system_fingerprint": "fp_1",
        "choices": [{ "index": 0, "delta": delta, "logprobs": null, "finish_reason": finish_reason }]
    });
    format!("data: {chunk}\n\n")
}

/// `{"model": "gpt-4o-mini", "messages": [{"role": "user", "content": "Say hi"}], "stream": true}`
/// (request types only serialize, so the request is built as a value).
#[allow(deprecated)]
fn request() -> CreateChatCompletionRequest {
    use generated_client::openai_chat::types::{
        ChatCompletionRequestMessage, ChatCompletionRequestUserMessage,
        ChatCompletionRequestUserMessageContent, ChatCompletionRequestUserMessageRole,
        ModelIdsShared,
    };
    CreateChatCompletionRequest {
        model: ModelIdsShared::String("gpt-4o-mini".into()),
        messages: vec![ChatCompletionRequestMessage::User(
            ChatCompletionRequestUserMessage {
                content: ChatCompletionRequestUserMessageContent::Text("Say hi".into()),
                role: ChatCompletionRequestUserMessageRole::User,
                name: None,
            },
        )],
        stream: Some(true),
        metadata: None,
        top_logprobs: None,
        temperature: None,
        top_p: None,
        user: None,
        safety_identifier: None,
        prompt_cache_key: None,
        prompt_cache_retention: None,
        prompt_cache_options: None,
        service_tier: None,
        modalities: None,
        verbosity: None,
        reasoning_effort: None,
        max_completion_tokens: None,
        frequency_penalty: None,
        presence_penalty: None,
        web_search_options: None,
        response_format: None,
        audio: None,
        store: None,
        moderation: None,
        stop: None,
        logit_bias: None,
        logprobs: None,
        max_tokens: None,
        n: None,
        prediction: None,
        seed: None,
        stream_options: None,
        tools: None,
        tool_choice: None,
        parallel_tool_calls: None,
        function_call: None,
        functions: None,
    }
}

fn client(server: &MockServer) -> Client {
    let config = Config::new()
        .bearer_token(auth::API_KEY_AUTH, "sk-test")
        .retry(RetryPolicy::none());
    Client::from_url(&server.uri(), config).expect("mock server URL is valid")
}

#[tokio::test]
async fn streaming_chat_completion_decodes_event_by_event() {
    let server = MockServer::start().await;
    let body = [
        chunk(json!({ "role": "assistant", "content": "" }), json!(null)),
        chunk(json!({ "content": "Hi" }), json!(null)),
        chunk(json!({ "content": " there!" }), json!(null)),
        chunk(json!({}), json!("stop")),
        "data: [DONE]\n\n".to_owned(),
    ]
    .concat();
    Mock::given(method("POST"))
        .and(path("/chat/completions"))
        .and(header("authorization", "Bearer sk-test"))
        .and(body_partial_json(
            json!({ "stream": true, "model": "gpt-4o-mini" }),
        ))
        .respond_with(
            ResponseTemplate::new(200)
                .insert_header("content-type", "text/event-stream")
                .set_body_string(body),
        )
        .expect(1)
        .mount(&server)
        .await;

    let response = client(&server)
        .create_chat_completion(request())
        .send_streaming()
        .await
        .expect("a stream");
    assert_eq!(response.status.as_u16(), 200);
    let mut events = response.into_body();

    let mut text = String::new();
    let mut finish = None;
    let mut chunks = 0;
    let done = loop {
        match events.next().await.expect("the stream ends with [DONE]") {
            Ok(event) => {
                chunks += 1;
                assert_eq!(event.event, "message");
                let data = event.data;
                assert_eq!(data.id, "chatcmpl-1");
                assert_eq!(data.model, "gpt-4o-mini");
                let choice = data.choices.into_iter().next().expect("one choice");
                text.push_str(choice.delta.content.as_deref().unwrap_or_default());
                finish = finish.or(choice.finish_reason);
            }
            // OpenAI ends the stream with a `[DONE]` sentinel, which is not a
            // chunk: it arrives as an undecodable event, raw, not lost.
            Err(StreamError::Undecodable(item)) => break item.data,
            Err(other) => panic!("unexpected stream error: {other}"),
        }
    };
    assert_eq!(chunks, 4);
    assert_eq!(text, "Hi there!");
    assert_eq!(
        finish,
        Some(CreateChatCompletionStreamResponseChoicesItemFinishReason::Stop)
    );
    assert_eq!(done, "[DONE]");
    assert!(events.next().await.is_none());

    let requests = server.received_requests().await.expect("recorded");
    assert_eq!(
        requests[0]
            .headers
            .get("accept")
            .and_then(|v| v.to_str().ok()),
        Some("text/event-stream, application/json"),
        "the stream, and the JSON of the documented error"
    );
}

#[tokio::test]
async fn streaming_call_decodes_a_documented_error_status() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/chat/completions"))
        .respond_with(ResponseTemplate::new(429).set_body_json(json!({
            "error": { "message": "Rate limit reached", "type": "requests", "param": null, "code": "rate_limit_exceeded" }
        })))
        .mount(&server)
        .await;
    let err = client(&server)
        .create_chat_completion(request())
        .send_streaming()
        .await
        .expect_err("429 is an error");
    match err {
        Error::Api(api) => {
            assert_eq!(api.status.as_u16(), 429);
            let CreateChatCompletionError::TooManyRequests(body) = &api.body;
            assert_eq!(body.error.message, "Rate limit reached");
        }
        other => panic!("expected the documented 429, got {other:?}"),
    }
}
