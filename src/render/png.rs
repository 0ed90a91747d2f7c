//! PNG output: the SVG from [`crate::render::svg`] rasterised by resvg with only the embedded
//! fonts. The image is opaque (drawn on white) and written as 8-bit RGB with its resolution
//! recorded (pHYs), so it prints at the chart's size. The same SVG gives the same bytes.

use crate::render::RenderError;
use crate::render::fonts;
use resvg::{tiny_skia, usvg};

/// Default resolution: 192 dpi (twice CSS pixels), sharp on screens and fine for print.
pub const DEFAULT_DPI: u32 = 192;
/// Largest image drawn, in pixels (about 16k × 16k).
pub const MAX_PIXELS: u64 = 256 * 1024 * 1024;

/// The usvg options: the embedded-only font database, embedded family as the default.
pub fn usvg_options() -> usvg::Options<'static> {
    usvg::Options {
        fontdb: fonts::shared_database(),
        font_family: fonts::FAMILY.to_string(),
        ..usvg::Options::default()
    }
}

/// The pixel size of a `width` × `height` CSS-px chart at `dpi`, or [`RenderError::TooLarge`]
/// when it exceeds [`MAX_PIXELS`]. Call it with the diagram's size before writing or parsing
/// the SVG: nothing is allocated for a chart that would be refused.
pub fn check_size(width: f64, height: f64, dpi: u32) -> Result<(u32, u32), RenderError> {
    let scale = f64::from(dpi.max(1)) / 96.0;
    // Saturating casts: an absurd size stays absurd instead of wrapping to a small one.
    let px = |v: f64| (v.max(1.0) * scale).ceil().clamp(1.0, f64::from(u32::MAX)) as u32;
    let (w, h) = (px(width), px(height));
    if u64::from(w) * u64::from(h) > MAX_PIXELS {
        return Err(RenderError::TooLarge {
            width: w,
            height: h,
            dpi,
            limit: MAX_PIXELS,
        });
    }
    Ok((w, h))
}

/// Rasterise `svg` at `dpi` (96 = one pixel per CSS px).
pub fn to_png(svg: &str, dpi: u32) -> Result<Vec<u8>, RenderError> {
    let tree =
        usvg::Tree::from_str(svg, &usvg_options()).map_err(|e| RenderError::Svg(e.to_string()))?;
    let size = tree.size();
    let (width, height) = check_size(f64::from(size.width()), f64::from(size.height()), dpi)?;
    let scale = dpi.max(1) as f32 / 96.0;
    let mut pixmap = tiny_skia::Pixmap::new(width, height).ok_or(RenderError::TooLarge {
        width,
        height,
        dpi,
        limit: MAX_PIXELS,
    })?;
    pixmap.fill(tiny_skia::Color::WHITE);
    resvg::render(
        &tree,
        tiny_skia::Transform::from_scale(scale, scale),
        &mut pixmap.as_mut(),
    );
    // Opaque: premultiplied and straight colour agree, so drop alpha.
    let rgb: Vec<u8> = pixmap
        .data()
        .chunks_exact(4)
        .flat_map(|p| [p[0], p[1], p[2]])
        .collect();
    encode(&rgb, width, height, dpi).map_err(|e| RenderError::Encode(e.to_string()))
}

fn encode(rgb: &[u8], width: u32, height: u32, dpi: u32) -> Result<Vec<u8>, png::EncodingError> {
    let mut out = Vec::new();
    {
        let mut encoder = png::Encoder::new(&mut out, width, height);
        encoder.set_color(png::ColorType::Rgb);
        encoder.set_depth(png::BitDepth::Eight);
        encoder.set_compression(png::Compression::Default);
        let ppm = (f64::from(dpi) / 0.0254).round() as u32;
        encoder.set_pixel_dims(Some(png::PixelDimensions {
            xppu: ppm,
            yppu: ppm,
            unit: png::Unit::Meter,
        }));
        let mut writer = encoder.write_header()?;
        writer.write_image_data(rgb)?;
        writer.finish()?;
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn size_guard_names_the_size_and_the_limit() {
        // An A3 sheet at 192 dpi is fine.
        assert_eq!(check_size(1123.0, 1587.0, 192), Ok((2246, 3174)));
        // A chain of 100,000 steps: 60 million CSS px tall.
        let err = check_size(800.0, 6.0e7, 192).unwrap_err();
        let RenderError::TooLarge {
            width,
            height,
            limit,
            ..
        } = err
        else {
            panic!("{err:?}");
        };
        assert_eq!((width, height, limit), (1600, 120_000_000, MAX_PIXELS));
        let m = RenderError::TooLarge {
            width,
            height,
            dpi: 192,
            limit,
        }
        .message();
        assert!(
            m.zh.contains("1600×120000000") && m.zh.contains("268435456"),
            "{}",
            m.zh
        );
        assert!(
            m.en.contains("1600×120000000") && m.en.contains("268435456"),
            "{}",
            m.en
        );
        // Infinite or huge sizes saturate instead of wrapping round to a small image.
        assert!(check_size(f64::INFINITY, 10.0, 96).is_err());
        assert!(check_size(1.0e12, 1.0e12, 1200).is_err());
    }
}
