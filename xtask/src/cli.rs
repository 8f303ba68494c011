//! The command line of `cargo xtask`, declared once: each command with its
//! flags and what it does. [`Args::parse`] reads a command's arguments by
//! its declaration (unknown flags and missing values are errors that show
//! the command's usage) and [`usage`] writes the help text from the same
//! table, so the two cannot drift apart.

/// One flag of a command.
pub struct Flag {
    pub name: &'static str,
    /// The placeholder of its value (`PATH`); `None` for a switch.
    pub value: Option<&'static str>,
    pub help: &'static str,
}

/// One command: `cargo xtask <name> [flags] [positional...]`.
pub struct Command {
    pub name: &'static str,
    pub about: &'static str,
    pub flags: &'static [Flag],
    /// The placeholder of positional arguments (`SPEC...`), if it takes any.
    pub positional: Option<&'static str>,
}

const fn flag(name: &'static str, value: &'static str, help: &'static str) -> Flag {
    Flag {
        name,
        value: Some(value),
        help,
    }
}

const fn switch(name: &'static str, help: &'static str) -> Flag {
    Flag {
        name,
        value: None,
        help,
    }
}

pub const COMMANDS: &[Command] = &[
    Command {
        name: "codegen",
        about: "regenerate generated-client/ from specs/",
        flags: &[switch(
            "--check",
            "only verify: fail if the committed output is stale",
        )],
        positional: None,
    },
    Command {
        name: "vendor",
        about: "extract the OpenAPI blocks of documentation pages into specs/, or cut operations \
                (and what they reach) out of a spec into specs/NAME.yaml",
        flags: &[
            flag("--name", "N", "the vendored spec's name"),
            flag(
                "--from-spec",
                "SPEC",
                "cut from this spec instead of reading pages",
            ),
            flag(
                "--operation",
                "ID",
                "an operationId to cut (repeat for more)",
            ),
        ],
        positional: Some("PAGE..."),
    },
    Command {
        name: "generate",
        about: "write a standalone client crate for one spec; `$ref`d files are read only under \
                the spec's folder (or --ref-root)",
        flags: &[
            flag("--spec", "PATH", "the spec (required)"),
            flag("--out", "DIR", "the crate's directory (required)"),
            flag(
                "--name",
                "NAME",
                "the API's and crate's name (default: from info.title)",
            ),
            flag(
                "--ref-root",
                "DIR",
                "the folder external $refs may read from",
            ),
            flag(
                "--runtime-path",
                "P",
                "depend on the runtime crate at P (as written)",
            ),
            flag(
                "--runtime-version",
                "V",
                "depend on the runtime crate V from a registry",
            ),
            switch(
                "--bundle-runtime",
                "copy the runtime into the crate (`runtime/`)",
            ),
            flag(
                "--form-arrays",
                "indexed|brackets",
                "arrays inside deepObject values as a[0]=x or a[]=x",
            ),
        ],
        positional: None,
    },
    Command {
        name: "corpus",
        about: "generate every INDEX.tsv document of DIR (default ../shared/corpus) into \
                target/corpus/ and `cargo check` each; prints a table",
        flags: &[switch("--no-check", "generate only")],
        positional: Some("[DIR]"),
    },
    Command {
        name: "bench",
        about: "generator time per step and end to end, generated lines, and `cargo check` \
                time/memory (all features, one tag) on big specs; then decode MB/s, peak heap \
                and call latency of the generated client vs serde's derive and reqwest",
        flags: &[
            switch("--no-check", "skip the `cargo check` measurements"),
            switch("--no-runtime", "skip the run-time section"),
            switch(
                "--runtime-only",
                "only the run-time section (`--runs 1`: fewer rounds)",
            ),
            flag("--tag", "NAME", "the tag feature checked alone"),
            flag("--runs", "N", "runs per measurement (best is shown)"),
            flag("--timeout", "SECS", "the longest a check may take"),
        ],
        positional: Some("[SPEC...]"),
    },
    Command {
        name: "pagination",
        about: "list each spec's list operations: which page, in which style and from what, \
                and why the others do not",
        flags: &[flag(
            "--ref-root",
            "DIR",
            "the folder external $refs may read from",
        )],
        positional: Some("SPEC..."),
    },
    Command {
        name: "conformance",
        about: "send N calls of every operation through the generated client to validators this \
                project did not write (Prism and openapi-core, pinned, installed into \
                target/tools/); verdicts in target/conformance/<spec>.jsonl. Default: specs/",
        flags: &[
            flag(
                "--spec",
                "FILE",
                "a spec to run (repeat, or list files after it)",
            ),
            flag(
                "--only",
                "ID,...",
                "only these operation ids (the spec is cut to them)",
            ),
            flag("--seed", "S", "the seed of the sampled values (default 1)"),
            flag("--calls", "N", "calls per operation (default 4)"),
            flag(
                "--name",
                "NAME",
                "the run's name (default: the spec file's stem)",
            ),
            switch("--install", "only install the pinned validators"),
        ],
        positional: Some("[FILE...]"),
    },
    Command {
        name: "tag-features",
        about: "generate one spec, then clippy -D warnings the crate with no feature and with \
                each tag feature alone; seconds per feature",
        flags: &[
            flag("--spec", "PATH", "the spec (required)"),
            flag("--out", "DIR", "where the crate is written"),
            flag("--only", "A,B", "only these tag features"),
        ],
        positional: None,
    },
];

/// A command's arguments, read by its declaration.
pub struct Args {
    command: &'static Command,
    values: Vec<(&'static str, String)>,
    switches: Vec<&'static str>,
    pub positional: Vec<String>,
}

impl Args {
    pub fn parse(command: &'static Command, args: &[String]) -> Result<Args, String> {
        let mut out = Args {
            command,
            values: Vec::new(),
            switches: Vec::new(),
            positional: Vec::new(),
        };
        let mut it = args.iter();
        while let Some(arg) = it.next() {
            if let Some(f) = command.flags.iter().find(|f| f.name == arg) {
                match f.value {
                    Some(placeholder) => {
                        let value = it.next().ok_or_else(|| {
                            out.error(&format!("{} needs a value ({placeholder})", f.name))
                        })?;
                        out.values.push((f.name, value.clone()));
                    }
                    None => out.switches.push(f.name),
                }
            } else if arg.starts_with("--") || command.positional.is_none() {
                return Err(out.error(&format!("unknown argument `{arg}`")));
            } else {
                out.positional.push(arg.clone());
            }
        }
        Ok(out)
    }

    /// The value of `flag` (the last one given).
    pub fn value(&self, flag: &str) -> Option<&str> {
        debug_assert!(self.command.flags.iter().any(|f| f.name == flag));
        self.values
            .iter()
            .rev()
            .find(|(f, _)| *f == flag)
            .map(|(_, v)| v.as_str())
    }

    /// Every value of a repeatable `flag`, in order.
    pub fn values(&self, flag: &str) -> Vec<&str> {
        self.values
            .iter()
            .filter(|(f, _)| *f == flag)
            .map(|(_, v)| v.as_str())
            .collect()
    }

    /// The value of a flag the command cannot do without.
    pub fn required(&self, flag: &str) -> Result<&str, String> {
        self.value(flag)
            .ok_or_else(|| self.error(&format!("{flag} is required")))
    }

    pub fn switch(&self, flag: &str) -> bool {
        self.switches.contains(&flag)
    }

    /// `message`, then the command's usage.
    pub fn error(&self, message: &str) -> String {
        format!("{message}\n{}", usage(Some(self.command.name)))
    }
}

/// The declaration of `name`.
pub fn command(name: &str) -> Option<&'static Command> {
    COMMANDS.iter().find(|c| c.name == name)
}

/// The help text of one command, or of all of them.
pub fn usage(name: Option<&str>) -> String {
    let mut out = String::from("usage:\n");
    let commands: Vec<&Command> = match name.and_then(command) {
        Some(c) => vec![c],
        None => COMMANDS.iter().collect(),
    };
    for c in commands {
        let mut synopsis = format!("  cargo xtask {}", c.name);
        for f in c.flags {
            match f.value {
                Some(v) => synopsis.push_str(&format!(" [{} {v}]", f.name)),
                None => synopsis.push_str(&format!(" [{}]", f.name)),
            }
        }
        if let Some(p) = c.positional {
            synopsis.push(' ');
            synopsis.push_str(p);
        }
        out.push_str(&synopsis);
        out.push('\n');
        out.push_str(&format!("      {}\n", c.about));
        for f in c.flags {
            let head = match f.value {
                Some(v) => format!("{} {v}", f.name),
                None => f.name.to_owned(),
            };
            out.push_str(&format!("      {head:<28} {}\n", f.help));
        }
    }
    out.truncate(out.trim_end().len());
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn strings(args: &[&str]) -> Vec<String> {
        args.iter().map(|s| (*s).to_owned()).collect()
    }

    #[test]
    fn arguments_are_read_by_the_declaration() {
        let generate = command("generate").unwrap();
        let args = Args::parse(
            generate,
            &strings(&["--spec", "a.yaml", "--bundle-runtime", "--out", "d"]),
        )
        .unwrap();
        assert_eq!(args.value("--spec"), Some("a.yaml"));
        assert_eq!(args.required("--out"), Ok("d"));
        assert!(args.switch("--bundle-runtime"));
        assert_eq!(args.value("--name"), None);
        let missing = args.required("--name").unwrap_err();
        assert!(missing.contains("--name is required") && missing.contains("cargo xtask generate"));

        let unknown = Args::parse(generate, &strings(&["--sepc", "a"]))
            .err()
            .unwrap();
        assert!(unknown.contains("unknown argument `--sepc`"), "{unknown}");
        let stray = Args::parse(generate, &strings(&["a.yaml"])).err().unwrap();
        assert!(stray.contains("unknown argument `a.yaml`"), "{stray}");
        let no_value = Args::parse(generate, &strings(&["--spec"])).err().unwrap();
        assert!(
            no_value.contains("--spec needs a value (PATH)"),
            "{no_value}"
        );

        let vendor = command("vendor").unwrap();
        let args = Args::parse(
            vendor,
            &strings(&["p.md", "--operation", "a", "--operation", "b"]),
        )
        .unwrap();
        assert_eq!(args.values("--operation"), ["a", "b"]);
        assert_eq!(args.positional, ["p.md"]);
    }

    #[test]
    fn every_command_has_its_usage_with_every_flag() {
        for c in COMMANDS {
            let text = usage(Some(c.name));
            assert!(
                text.starts_with(&format!("usage:\n  cargo xtask {}", c.name)),
                "{text}"
            );
            assert_eq!(text.matches("cargo xtask").count(), 1, "{text}");
            for f in c.flags {
                assert!(text.contains(f.name), "{}: {}", c.name, f.name);
            }
        }
        let all = usage(None);
        assert!(COMMANDS
            .iter()
            .all(|c| all.contains(&format!("cargo xtask {}", c.name))));
        assert_eq!(usage(Some("nope")), all);
    }
}
