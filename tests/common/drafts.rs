//! Generated drafts shared by tests and benchmarks.

/// A Markdown draft citing `n` footnotes in order, ten to a preambular paragraph, their bodies
/// at the end: a third full *Treaty Series* citations, the others "Ibid.".
pub fn many_footnotes(n: u32) -> String {
    let mut text = "*The General Assembly,*\n\n".to_string();
    for first in (1..=n).step_by(10) {
        text.push_str("*Recalling* the");
        for k in first..=(first + 9).min(n) {
            text.push_str(&format!(" Convention<sup>{k}</sup>"));
        }
        text.push_str(",\n\n");
    }
    text.push_str("1. *Requests* the Secretary-General to report.\n\n---\n\n");
    for k in 1..=n {
        let body = if k % 3 == 1 {
            "United Nations, *Treaty Series*"
        } else {
            "*Ibid.*"
        };
        text.push_str(&format!("<sup>{k}</sup> {body}, vol. {k}, No. {k}.\n\n"));
    }
    text
}
