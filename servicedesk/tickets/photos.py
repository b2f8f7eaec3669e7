"""Photos residents attach to reports: checked by content, then re-encoded from the pixels alone.

Nothing of the uploaded file survives but its pixels: the picture is decoded, turned upright
(EXIF orientation), converted to sRGB, downscaled and encoded into a new file, so EXIF (GPS
position, camera serial), XMP, IPTC, comments, text chunks and ICC profiles are all dropped.
The file's name and declared type are never trusted; only the decoded content decides. Storing
the result stays with ``tickets.service.add_attachment``.
"""

import io
import struct
from dataclasses import dataclass

from PIL import Image, ImageCms, ImageOps, UnidentifiedImageError

from ..errors import ValidationError
from ..i18n import lazy_text

JPEG_QUALITY = 85
WEBP_QUALITY = 85

# Pillow format -> (content type, extension); extensions are ones attachments.check_upload
# accepts by default. Opening is limited to these plugins, so no other parser ever runs.
_OUTPUTS = {
    "JPEG": ("image/jpeg", "jpg"),
    "PNG": ("image/png", "png"),
    "WEBP": ("image/webp", "webp"),
}

# Pictures we recognise but do not take, so the resident is told to pick another format rather
# than that the file is broken. Checked only after Pillow refused the file.
_OTHER_PICTURE_SIGNATURES = (
    b"GIF87a",
    b"GIF89a",
    b"BM",  # BMP
    b"II*\x00",  # TIFF and most camera raw files
    b"MM\x00*",
    b"\x00\x00\x00\x0cjP  ",  # JPEG 2000
    b"\xff\x4f\xff\x51",
    b"\xff\x0a",  # JPEG XL
    b"\x00\x00\x00\x0cJXL ",
    b"8BPS",  # Photoshop
)
# ISO base media brands (bytes 8-12) of HEIC, HEIF and AVIF pictures.
_OTHER_PICTURE_BRANDS = (b"heic", b"heix", b"hevc", b"heim", b"heis", b"mif1", b"msf1", b"avif")

# What decoding a damaged file raises, besides Pillow's own errors (all OSError subclasses).
_DECODE_ERRORS = (OSError, SyntaxError, ValueError, EOFError, IndexError, struct.error)

_SRGB = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB"))

MEGABYTE = 1024 * 1024


@dataclass(frozen=True)
class CleanPhoto:
    data: bytes
    content_type: str
    extension: str
    width: int
    height: int


UNREADABLE = lazy_text("This file is not a picture we can read.")


def clean_photo(
    data: bytes, *, max_bytes: int, max_pixels: int = 40_000_000, max_side: int = 4096
) -> CleanPhoto:
    """Check an uploaded photo and return it re-encoded without any metadata.

    JPEG, PNG and WebP are accepted and keep their format; only the first frame of an
    animation is kept. The longer side is reduced to ``max_side``.

    :raises ValidationError: (field ``photo``) for an empty, oversized, unreadable, truncated or
        unsupported file, or one with more than ``max_pixels`` pixels.
    """
    if not data:
        raise _refused(lazy_text("The photo is empty. Choose a picture file."))
    if len(data) > max_bytes:
        raise _refused(_larger_than(max_bytes))
    too_many_pixels = lazy_text(
        "The photo is too big to process (more than %(megapixels)s megapixels)."
        " Choose a smaller size.",
        megapixels=format(max_pixels / 1_000_000, "g"),
    )
    try:
        image = Image.open(io.BytesIO(data), formats=list(_OUTPUTS))
    except UnidentifiedImageError:
        if _is_other_picture(data):
            raise _refused(lazy_text("Choose a JPEG, PNG or WebP photo.")) from None
        raise _refused(UNREADABLE) from None
    # Pillow's own bomb guard (Image.MAX_IMAGE_PIXELS) warns, or raises where warnings are
    # errors, before ours can look; both mean the same thing.
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise _refused(too_many_pixels) from None
    except _DECODE_ERRORS:
        raise _refused(UNREADABLE) from None

    with image:
        source_format = image.format or ""
        width, height = image.size
        # The header's dimensions, before a single pixel is decoded.
        if width * height > max_pixels:
            raise _refused(too_many_pixels)
        try:
            # JPEG can decode at 1/2, 1/4 or 1/8 scale directly; saves memory on big photos.
            image.draft(None, (max_side, max_side))
            image.load()
            pixels = _upright(image)
        except (Image.DecompressionBombError, Image.DecompressionBombWarning):
            raise _refused(too_many_pixels) from None
        except _DECODE_ERRORS:
            raise _refused(UNREADABLE) from None

    pixels = _to_srgb(pixels)
    pixels = _fit_mode(pixels, source_format)
    pixels.thumbnail((max_side, max_side), Image.Resampling.LANCZOS)
    # A new image from the raw pixels: no info dict, no cached EXIF, nothing to leak.
    fresh = Image.frombytes(pixels.mode, pixels.size, pixels.tobytes())
    content_type, extension = _OUTPUTS[source_format]
    encoded = _encode(fresh, source_format)
    if len(encoded) > max_bytes:
        raise _refused(_larger_than(max_bytes))
    return CleanPhoto(
        data=encoded,
        content_type=content_type,
        extension=extension,
        width=fresh.width,
        height=fresh.height,
    )


def _larger_than(max_bytes: int):
    return lazy_text("The photo is larger than %(size)s.", size=_size(max_bytes))


def _refused(message: str) -> ValidationError:
    return ValidationError(message, {"photo": message})


def _size(n_bytes: int) -> str:
    if n_bytes >= MEGABYTE:
        return f"{round(n_bytes / MEGABYTE, 1):g} MB"
    return f"{max(1, round(n_bytes / 1024))} KB"


def _is_other_picture(data: bytes) -> bool:
    head = data[:64]
    if head.startswith(_OTHER_PICTURE_SIGNATURES):
        return True
    if head[4:8] == b"ftyp" and head[8:12] in _OTHER_PICTURE_BRANDS:
        return True
    # SVG is a picture to a resident, but a script carrier to a browser.
    text = data[:1024].lstrip().lower()
    return text.startswith(b"<svg") or (text.startswith(b"<?xml") and b"<svg" in text)


def _upright(image: Image.Image) -> Image.Image:
    """Apply the EXIF orientation; a picture with damaged EXIF is kept as it was taken."""
    try:
        return ImageOps.exif_transpose(image)
    except (SyntaxError, ValueError, struct.error, KeyError, TypeError):
        return image.copy()


def _to_srgb(image: Image.Image) -> Image.Image:
    """Convert the colours to sRGB so the embedded profile can go without the colours shifting."""
    icc = image.info.get("icc_profile")
    if not icc or image.mode not in ("RGB", "RGBA", "CMYK"):
        return image
    try:
        profile = ImageCms.ImageCmsProfile(io.BytesIO(icc))
        output_mode = "RGBA" if image.mode == "RGBA" else "RGB"
        return ImageCms.profileToProfile(image, profile, _SRGB, outputMode=output_mode)
    except (ImageCms.PyCMSError, OSError, ValueError, TypeError):
        # A broken or mismatched profile: use the pixel values as they are.
        return image


def _fit_mode(image: Image.Image, target_format: str) -> Image.Image:
    """Convert to a mode the target format holds and the resampler handles."""
    mode = image.mode
    if mode.startswith("I"):
        # 16-bit grey: scale to 8 bits (a plain convert would clip everything bright to white).
        image = image.convert("I").point(lambda v: v * (1 / 256)).convert("L")
        mode = "L"
    elif mode == "1":
        image = image.convert("L")
        mode = "L"
    has_alpha = image.has_transparency_data
    if target_format == "JPEG":
        if mode in ("L", "RGB"):
            return image
        if has_alpha:
            return _flatten(image)
        return image.convert("RGB")
    keep = ("L", "LA", "RGB", "RGBA") if target_format == "PNG" else ("RGB", "RGBA")
    if mode in keep:
        return image
    return image.convert("RGBA" if has_alpha else "RGB")


def _flatten(image: Image.Image) -> Image.Image:
    rgba = image.convert("RGBA")
    background = Image.new("RGB", rgba.size, (255, 255, 255))
    background.paste(rgba, mask=rgba.getchannel("A"))
    return background


def _encode(image: Image.Image, target_format: str) -> bytes:
    out = io.BytesIO()
    if target_format == "JPEG":
        image.save(out, "JPEG", quality=JPEG_QUALITY, optimize=True)
    elif target_format == "WEBP":
        image.save(out, "WEBP", quality=WEBP_QUALITY)
    else:
        image.save(out, "PNG")
    return out.getvalue()
