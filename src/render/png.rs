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

/// Rasterise `svg` at `dpi` (96 = one pixel per CSS px).
pub fn to_png(svg: &str, dpi: u32) -> Result<Vec<u8>, RenderError> {
    let tree =
        usvg::Tree::from_str(svg, &usvg_options()).map_err(|e| RenderError::Svg(e.to_string()))?;
    let scale = dpi.max(1) as f32 / 96.0;
    let size = tree.size();
    let width = (size.width() * scale).ceil().max(1.0) as u32;
    let height = (size.height() * scale).ceil().max(1.0) as u32;
    if u64::from(width) * u64::from(height) > MAX_PIXELS {
        return Err(RenderError::TooLarge { width, height, dpi });
    }
    let mut pixmap = tiny_skia::Pixmap::new(width, height).ok_or(RenderError::TooLarge {
        width,
        height,
        dpi,
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
