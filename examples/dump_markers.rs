fn main() {
    let p = std::path::PathBuf::from(std::env::args().nth(1).unwrap());
    let t = std::fs::read_to_string(&p).unwrap();
    let d = resolute::model::Document::parse_path(&p, t);
    for m in &d.markers {
        let s = m.span.start;
        let a = resolute::source::floor_char_boundary(&d.text, s.saturating_sub(40));
        let b = resolute::source::floor_char_boundary(&d.text, (m.span.end + 10).min(d.text.len()));
        println!("{} {:?} | {:?}", m.number, m.paragraph, &d.text[a..b]);
    }
}
