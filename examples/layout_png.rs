//! Debug picture of a layout, without fonts: `layout_png FLOW OUT.png [plain] [lr]`.
//!
//! Lanes and bands as light lines, nodes as outlines (diamonds for decisions), labels as grey
//! boxes, edges in black with a dot at the arrow end. For eyeballing the geometry only; the
//! real drawing is `render`.

use liucheng::diagram::{Diagram, Direction, Rect};
use liucheng::layout::text::ApproxMeasure;
use liucheng::layout::{LayoutKind, LayoutOptions, layout};
use liucheng::model::{NodeKind, build_source};

struct Canvas {
    w: usize,
    h: usize,
    px: Vec<u8>,
}

impl Canvas {
    fn set(&mut self, x: i64, y: i64, v: u8) {
        if x >= 0 && y >= 0 && (x as usize) < self.w && (y as usize) < self.h {
            let p = &mut self.px[y as usize * self.w + x as usize];
            *p = (*p).min(v);
        }
    }
    fn line(&mut self, a: (f64, f64), b: (f64, f64), v: u8) {
        let n = ((b.0 - a.0).abs().max((b.1 - a.1).abs()) as usize).max(1);
        for i in 0..=n {
            let t = i as f64 / n as f64;
            self.set(
                (a.0 + (b.0 - a.0) * t).round() as i64,
                (a.1 + (b.1 - a.1) * t).round() as i64,
                v,
            );
        }
    }
    fn rect(&mut self, r: &Rect, v: u8) {
        let (x0, y0, x1, y1) = (r.x, r.y, r.right(), r.bottom());
        self.line((x0, y0), (x1, y0), v);
        self.line((x1, y0), (x1, y1), v);
        self.line((x1, y1), (x0, y1), v);
        self.line((x0, y1), (x0, y0), v);
    }
    fn fill(&mut self, r: &Rect, v: u8) {
        for y in r.y as i64..r.bottom() as i64 {
            for x in r.x as i64..r.right() as i64 {
                self.set(x, y, v);
            }
        }
    }
}

fn draw(d: &Diagram) -> Canvas {
    let (w, h) = (d.width.ceil() as usize + 1, d.height.ceil() as usize + 1);
    let mut c = Canvas {
        w,
        h,
        px: vec![255; w * h],
    };
    for l in &d.lanes {
        c.rect(&l.body, 200);
        c.fill(&l.header, 235);
        c.rect(&l.header, 180);
    }
    for b in &d.bands {
        c.rect(&b.body, 215);
        c.fill(&b.header, 240);
    }
    for e in &d.edges {
        if let Some(l) = &e.label {
            c.fill(&l.rect, 190);
        }
    }
    for n in &d.nodes {
        let r = n.rect;
        if n.kind == NodeKind::Decision {
            let m = r.center();
            let pts = [
                (m.x, r.y),
                (r.right(), m.y),
                (m.x, r.bottom()),
                (r.x, m.y),
                (m.x, r.y),
            ];
            for s in pts.windows(2) {
                c.line(s[0], s[1], 60);
            }
        } else {
            c.rect(&r, 60);
        }
        // Text placeholder: one grey bar per line.
        let lh = n.font_size * 1.4;
        let top = r.center().y - lh * n.lines.len() as f64 / 2.0;
        for (i, line) in n.lines.iter().enumerate() {
            let tw = ApproxMeasureWidth::width(line, n.font_size);
            let y = top + lh * i as f64 + lh * 0.3;
            c.fill(
                &Rect {
                    x: r.center().x - tw / 2.0,
                    y,
                    w: tw,
                    h: lh * 0.4,
                },
                170,
            );
        }
    }
    for e in &d.edges {
        for s in e.points.windows(2) {
            c.line((s[0].x, s[0].y), (s[1].x, s[1].y), 0);
        }
        if let Some(p) = e.points.last() {
            c.fill(
                &Rect {
                    x: p.x - 2.0,
                    y: p.y - 2.0,
                    w: 5.0,
                    h: 5.0,
                },
                0,
            );
        }
    }
    c
}

struct ApproxMeasureWidth;
impl ApproxMeasureWidth {
    fn width(text: &str, size: f64) -> f64 {
        use liucheng::layout::text::TextMeasure;
        ApproxMeasure.width(text, size)
    }
}

fn crc32(data: &[u8]) -> u32 {
    let mut crc = 0xFFFF_FFFFu32;
    for &b in data {
        crc ^= b as u32;
        for _ in 0..8 {
            crc = if crc & 1 != 0 {
                (crc >> 1) ^ 0xEDB8_8320
            } else {
                crc >> 1
            };
        }
    }
    !crc
}

fn png(c: &Canvas) -> Vec<u8> {
    let mut raw = Vec::with_capacity((c.w + 1) * c.h);
    for y in 0..c.h {
        raw.push(0);
        raw.extend_from_slice(&c.px[y * c.w..(y + 1) * c.w]);
    }
    // zlib with stored blocks.
    let mut z = vec![0x78, 0x01];
    let chunks: Vec<&[u8]> = raw.chunks(65535).collect();
    for (i, ch) in chunks.iter().enumerate() {
        z.push(u8::from(i + 1 == chunks.len()));
        let len = ch.len() as u16;
        z.extend_from_slice(&len.to_le_bytes());
        z.extend_from_slice(&(!len).to_le_bytes());
        z.extend_from_slice(ch);
    }
    let (mut a, mut b) = (1u32, 0u32);
    for &x in &raw {
        a = (a + x as u32) % 65521;
        b = (b + a) % 65521;
    }
    z.extend_from_slice(&((b << 16) | a).to_be_bytes());
    let mut out = vec![0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A];
    let mut chunk = |kind: &[u8], data: &[u8]| {
        out.extend_from_slice(&(data.len() as u32).to_be_bytes());
        let mut body = kind.to_vec();
        body.extend_from_slice(data);
        out.extend_from_slice(&body);
        out.extend_from_slice(&crc32(&body).to_be_bytes());
    };
    let mut ihdr = Vec::new();
    ihdr.extend_from_slice(&(c.w as u32).to_be_bytes());
    ihdr.extend_from_slice(&(c.h as u32).to_be_bytes());
    ihdr.extend_from_slice(&[8, 0, 0, 0, 0]);
    chunk(b"IHDR", &ihdr);
    chunk(b"IDAT", &z);
    chunk(b"IEND", &[]);
    out
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if args.len() < 3 {
        eprintln!("usage: layout_png FLOW OUT.png [plain] [lr]");
        std::process::exit(2);
    }
    let text = std::fs::read_to_string(&args[1]).expect("read flow");
    let (_, out) = build_source(&args[1], &text);
    let mut opts = LayoutOptions::default();
    if args.iter().any(|a| a == "plain") {
        opts.kind = LayoutKind::Plain;
    }
    if args.iter().any(|a| a == "lr") {
        opts.direction = Direction::LeftRight;
    }
    let d = layout(&out.process, &opts, &ApproxMeasure);
    std::fs::write(&args[2], png(&draw(&d))).expect("write png");
}
