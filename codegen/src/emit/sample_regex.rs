//! A string that matches a `pattern`, for the conformance calls: literals,
//! escapes (`\d`, `\w`, `\s`, escaped punctuation), classes with ranges,
//! groups with alternatives, and the quantifiers `?`, `*`, `+`, `{n}`,
//! `{n,}`, `{n,m}`. Anything else (lookaround, back references, negated
//! classes of many ranges) gives `None`: the caller falls back to an
//! example or an ordinary string.

/// A string matching `pattern` (anchored or not: an unanchored pattern
/// matches where its anchored form does).
#[cfg(test)]
pub fn sample(pattern: &str, seed: u64) -> Option<String> {
    sample_stretched(pattern, seed, 2)
}

/// [`sample`], with `*`, `+` and open or wide ranges repeated `stretch`
/// times where they allow it: a longer match for a pattern under a
/// `minLength`.
pub fn sample_stretched(pattern: &str, seed: u64, stretch: usize) -> Option<String> {
    let chars: Vec<char> = pattern.chars().collect();
    let mut p = Parser {
        chars: &chars,
        at: 0,
        seed,
        stretch,
    };
    let node = p.alternatives()?;
    if p.at != chars.len() {
        return None;
    }
    let mut out = String::new();
    node.write(&mut out, &mut p.seed);
    Some(out)
}

enum Node {
    Seq(Vec<Node>),
    /// Alternatives: the first is written.
    Alt(Vec<Node>),
    /// Any of these characters.
    Class(Vec<char>),
    Repeat(Box<Node>, usize),
    Empty,
}

impl Node {
    fn write(&self, out: &mut String, seed: &mut u64) {
        match self {
            Node::Seq(list) => list.iter().for_each(|n| n.write(out, seed)),
            Node::Alt(list) => {
                if let Some(first) = list.first() {
                    first.write(out, seed);
                }
            }
            Node::Class(set) => {
                *seed = seed
                    .wrapping_mul(6364136223846793005)
                    .wrapping_add(1442695040888963407);
                if !set.is_empty() {
                    out.push(set[((*seed >> 33) as usize) % set.len()]);
                }
            }
            Node::Repeat(node, n) => (0..*n).for_each(|_| node.write(out, seed)),
            Node::Empty => {}
        }
    }
}

struct Parser<'a> {
    chars: &'a [char],
    at: usize,
    seed: u64,
    stretch: usize,
}

impl Parser<'_> {
    fn peek(&self) -> Option<char> {
        self.chars.get(self.at).copied()
    }

    fn alternatives(&mut self) -> Option<Node> {
        let mut alts = vec![self.sequence()?];
        while self.peek() == Some('|') {
            self.at += 1;
            alts.push(self.sequence()?);
        }
        Some(if alts.len() == 1 {
            alts.remove(0)
        } else {
            Node::Alt(alts)
        })
    }

    fn sequence(&mut self) -> Option<Node> {
        let mut items = Vec::new();
        while let Some(c) = self.peek() {
            if c == '|' || c == ')' {
                break;
            }
            self.at += 1;
            let atom = match c {
                '^' | '$' => continue,
                '(' => {
                    if self.peek() == Some('?') {
                        // Only a non-capturing group: `(?:`.
                        if self.chars.get(self.at + 1) != Some(&':') {
                            return None;
                        }
                        self.at += 2;
                    }
                    let inner = self.alternatives()?;
                    if self.peek() != Some(')') {
                        return None;
                    }
                    self.at += 1;
                    inner
                }
                '[' => self.class()?,
                '.' => Node::Class(('a'..='z').collect()),
                '\\' => Node::Class(self.escape()?),
                '*' | '+' | '?' | '{' | ')' => return None,
                c => Node::Class(vec![c]),
            };
            let atom = self.quantified(atom)?;
            items.push(atom);
        }
        Some(match items.len() {
            0 => Node::Empty,
            1 => items.remove(0),
            _ => Node::Seq(items),
        })
    }

    fn quantified(&mut self, atom: Node) -> Option<Node> {
        let n = match self.peek() {
            Some('?') => {
                self.at += 1;
                1
            }
            Some('*') | Some('+') => {
                self.at += 1;
                self.stretch.max(1)
            }
            Some('{') => {
                let close = self.chars[self.at..].iter().position(|c| *c == '}')? + self.at;
                let body: String = self.chars[self.at + 1..close].iter().collect();
                self.at = close + 1;
                let (lo, hi) = match body.split_once(',') {
                    Some((lo, hi)) => {
                        let lo: usize = lo.trim().parse().ok()?;
                        let hi: Option<usize> = if hi.trim().is_empty() {
                            None
                        } else {
                            Some(hi.trim().parse().ok()?)
                        };
                        (lo, hi)
                    }
                    None => {
                        let n: usize = body.trim().parse().ok()?;
                        (n, Some(n))
                    }
                };
                match hi {
                    Some(hi) => lo.max(1).max(self.stretch.min(hi)).min(hi),
                    None => lo.max(self.stretch),
                }
            }
            _ => return Some(atom),
        };
        // A lazy quantifier's `?` changes nothing here.
        if self.peek() == Some('?') {
            self.at += 1;
        }
        Some(Node::Repeat(Box::new(atom), n))
    }

    fn escape(&mut self) -> Option<Vec<char>> {
        let c = self.peek()?;
        self.at += 1;
        Some(match c {
            'd' => ('0'..='9').collect(),
            'w' => ('a'..='z').chain('0'..='9').collect(),
            's' => vec![' '],
            'D' | 'W' | 'S' | 'b' | 'B' | '1'..='9' | 'p' | 'P' | 'u' | 'x' => return None,
            'n' => vec!['\n'],
            't' => vec!['\t'],
            other => vec![other],
        })
    }

    fn class(&mut self) -> Option<Node> {
        let negated = self.peek() == Some('^');
        if negated {
            self.at += 1;
        }
        let mut set = Vec::new();
        let mut first = true;
        loop {
            let c = self.peek()?;
            self.at += 1;
            if c == ']' && !first {
                break;
            }
            first = false;
            let chars = if c == '\\' {
                self.escape()?
            } else if self.peek() == Some('-')
                && self.chars.get(self.at + 1).is_some_and(|n| *n != ']')
            {
                let hi = self.chars[self.at + 1];
                self.at += 2;
                if hi < c {
                    return None;
                }
                (c..=hi).collect()
            } else {
                vec![c]
            };
            set.extend(chars);
        }
        if negated {
            let allowed: Vec<char> = ('a'..='z')
                .chain('0'..='9')
                .filter(|c| !set.contains(c))
                .collect();
            return (!allowed.is_empty()).then_some(Node::Class(allowed));
        }
        // Prefer letters and digits where the class has them: they need no
        // escaping anywhere.
        let plain: Vec<char> = set
            .iter()
            .copied()
            .filter(char::is_ascii_alphanumeric)
            .collect();
        Some(Node::Class(if plain.is_empty() { set } else { plain }))
    }
}

#[cfg(test)]
mod tests {
    use super::sample;

    #[test]
    fn samples_match_their_patterns() {
        let s = sample(r"^[A-Z]{3}-\d{4}$", 1).unwrap_or_default();
        assert_eq!(s.len(), 8);
        assert!(s[..3].chars().all(|c| c.is_ascii_uppercase()), "{s}");
        assert_eq!(&s[3..4], "-");
        assert!(s[4..].chars().all(|c| c.is_ascii_digit()), "{s}");
        assert_eq!(sample("^(foo|bar)+$", 3).as_deref(), Some("foofoo"));
        assert_eq!(sample(r"^0x[a-fA-F0-9]{2}$", 3).map(|s| s.len()), Some(4));
        assert_eq!(sample(r"^(?=x)", 3), None);
        let long = super::sample_stretched("^[0-9a-f]+$", 5, 40).unwrap_or_default();
        assert_eq!(long.len(), 40, "{long}");
    }
}
