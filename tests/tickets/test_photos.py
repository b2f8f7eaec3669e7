import io
import struct
import zlib

import pytest
from PIL import ExifTags, Image, ImageCms
from PIL.PngImagePlugin import PngInfo

from servicedesk.config import from_environment
from servicedesk.errors import ValidationError
from servicedesk.tickets import attachments
from servicedesk.tickets.photos import clean_photo

MB = 1024 * 1024
RED, BLUE = (255, 0, 0), (0, 0, 255)
CANNOT_READ = "This file is not a picture we can read."
WRONG_TYPE = "Choose a JPEG, PNG or WebP photo."


def encode(image: Image.Image, fmt: str, **params) -> bytes:
    out = io.BytesIO()
    image.save(out, fmt, **params)
    return out.getvalue()


def halves(size=(60, 40), mode="RGB") -> Image.Image:
    """Top half red, bottom half blue: shows which way up a picture ends up."""
    image = Image.new(mode, size, BLUE)
    image.paste(Image.new(mode, (size[0], size[1] // 2), RED), (0, 0))
    return image


def gps_exif(orientation: int = 1) -> Image.Exif:
    exif = Image.Exif()
    exif[ExifTags.Base.Orientation] = orientation
    exif[ExifTags.Base.Make] = "PhoneMaker"
    exif[ExifTags.Base.BodySerialNumber] = "SERIAL-12345"
    exif[ExifTags.IFD.GPSInfo] = {
        ExifTags.GPS.GPSLatitudeRef: "N",
        ExifTags.GPS.GPSLatitude: (40.0, 42.0, 46.0),
        ExifTags.GPS.GPSLongitudeRef: "W",
        ExifTags.GPS.GPSLongitude: (74.0, 0.0, 21.0),
    }
    return exif


def png_header_only(width: int, height: int) -> bytes:
    """A PNG whose header claims the size; the pixel data is a few bytes."""

    def chunk(kind: bytes, body: bytes) -> bytes:
        crc = zlib.crc32(kind + body)
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", crc)

    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", ihdr)
        + chunk(b"IDAT", zlib.compress(b"\x00" * 64))
        + chunk(b"IEND", b"")
    )


def reopen(data: bytes) -> Image.Image:
    image = Image.open(io.BytesIO(data))
    image.load()
    return image


def refusal(data: bytes, **limits) -> str:
    limits.setdefault("max_bytes", 10 * MB)
    with pytest.raises(ValidationError) as caught:
        clean_photo(data, **limits)
    assert set(caught.value.fields) == {"photo"}
    assert caught.value.message == caught.value.fields["photo"]
    return caught.value.fields["photo"]


def close_to(pixel, colour, tolerance=40) -> bool:
    return all(abs(a - b) <= tolerance for a, b in zip(pixel[:3], colour, strict=True))


# --- metadata ------------------------------------------------------------------------------


def test_jpeg_loses_gps_and_every_other_tag_and_is_turned_upright():
    # Orientation 6: the camera stored the picture on its side; viewers turn it 90° clockwise.
    icc = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    data = encode(
        halves((60, 40)),
        "JPEG",
        exif=gps_exif(orientation=6),
        comment=b"taken at 12 Elm Street",
        xmp=b"<x:xmpmeta>secret-xmp-location</x:xmpmeta>",
        icc_profile=icc,
    )
    assert reopen(data).getexif().get_ifd(ExifTags.IFD.GPSInfo)  # the test photo has a position

    clean = clean_photo(data, max_bytes=10 * MB)

    image = reopen(clean.data)
    assert image.format == "JPEG"
    assert len(image.getexif()) == 0
    assert not image.getexif().get_ifd(ExifTags.IFD.GPSInfo)
    assert not {"exif", "xmp", "comment", "icc_profile", "photoshop"} & image.info.keys()
    for secret in (b"PhoneMaker", b"SERIAL-12345", b"Elm Street", b"secret-xmp", b"Exif"):
        assert secret not in clean.data
    # Upright: 40 wide and 60 high, the red top half now on the right.
    assert (clean.width, clean.height) == image.size == (40, 60)
    assert close_to(image.getpixel((35, 30)), RED)
    assert close_to(image.getpixel((4, 30)), BLUE)


@pytest.mark.parametrize(
    ("orientation", "size", "red_at"),
    [
        (1, (60, 40), (30, 5)),  # as stored
        (3, (60, 40), (30, 35)),  # upside down
        (8, (40, 60), (5, 30)),  # turned the other way
    ],
)
def test_every_orientation_ends_upright(orientation, size, red_at):
    data = encode(halves((60, 40)), "JPEG", exif=gps_exif(orientation))

    image = reopen(clean_photo(data, max_bytes=MB).data)

    assert image.size == size
    assert close_to(image.getpixel(red_at), RED)


def test_png_text_chunks_and_exif_are_stripped():
    info = PngInfo()
    info.add_text("Comment", "home: 12 Elm Street")
    info.add_itxt("Description", "secret itxt", zip=True)
    info.add_text("Author", "Jane Resident", zip=True)
    data = encode(halves(), "PNG", pnginfo=info, exif=gps_exif())
    assert reopen(data).text  # the test picture does carry text

    clean = clean_photo(data, max_bytes=MB)

    image = reopen(clean.data)
    assert image.format == "PNG"
    assert image.text == {}
    assert len(image.getexif()) == 0
    assert not {"exif", "icc_profile", "Comment", "Author", "Description"} & image.info.keys()
    for secret in (b"Elm Street", b"Jane", b"PhoneMaker", b"tEXt", b"zTXt", b"iTXt", b"eXIf"):
        assert secret not in clean.data
    assert image.getpixel((0, 0)) == RED


def test_webp_is_accepted_keeps_transparency_and_loses_exif():
    picture = halves(mode="RGBA")
    picture.putpixel((0, 0), (0, 0, 0, 0))
    data = encode(picture, "WEBP", exif=gps_exif(), lossless=True)

    clean = clean_photo(data, max_bytes=MB)

    image = reopen(clean.data)
    assert (clean.content_type, clean.extension) == ("image/webp", "webp")
    assert image.format == "WEBP"
    assert image.mode == "RGBA"
    assert len(image.getexif()) == 0
    assert b"PhoneMaker" not in clean.data
    assert close_to(image.getpixel((30, 5)), RED)


def test_a_profile_that_does_not_fit_is_dropped_and_the_pixels_kept():
    lab_icc = ImageCms.ImageCmsProfile(ImageCms.createProfile("LAB")).tobytes()
    mismatched = encode(halves(), "JPEG", icc_profile=lab_icc)
    garbage = encode(halves(), "PNG", icc_profile=b"not a real profile")

    for data in (mismatched, garbage):
        image = reopen(clean_photo(data, max_bytes=MB).data)
        assert "icc_profile" not in image.info
        assert close_to(image.getpixel((30, 5)), RED)


# --- formats -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("fmt", "content_type", "extension"),
    [
        ("JPEG", "image/jpeg", "jpg"),
        ("PNG", "image/png", "png"),
        ("WEBP", "image/webp", "webp"),
    ],
)
def test_each_format_keeps_its_format_and_passes_the_attachment_check(
    fmt, content_type, extension, tmp_path, monkeypatch
):
    monkeypatch.delenv("SERVICEDESK_ALLOWED_ATTACHMENT_TYPES", raising=False)
    monkeypatch.delenv("SERVICEDESK_MAX_ATTACHMENT_MB", raising=False)
    rules = attachments.rules_from_config(from_environment(str(tmp_path)))

    clean = clean_photo(encode(halves(), fmt), max_bytes=rules.max_bytes)

    assert (clean.content_type, clean.extension) == (content_type, extension)
    assert (clean.width, clean.height) == (60, 40)
    assert reopen(clean.data).format == fmt
    name = attachments.check_upload(f"photo.{clean.extension}", clean.data, rules)
    assert name == f"photo.{extension}"


@pytest.mark.parametrize(
    ("mode", "fmt", "expected_mode"),
    [
        ("CMYK", "JPEG", "RGB"),
        ("L", "JPEG", "L"),
        ("P", "PNG", "RGB"),
        ("LA", "PNG", "LA"),
        ("1", "PNG", "L"),
        ("I;16", "PNG", "L"),
        ("RGBA", "PNG", "RGBA"),
    ],
)
def test_modes_are_converted_to_ones_the_format_holds(mode, fmt, expected_mode):
    image = Image.new(mode, (8, 8))

    clean = clean_photo(encode(image, fmt), max_bytes=MB)

    assert reopen(clean.data).mode == expected_mode


def test_palette_png_with_transparency_keeps_it():
    image = Image.new("P", (8, 8), 1)
    image.putpalette([0, 0, 0, 255, 0, 0])
    data = encode(image, "PNG", transparency=0)

    result = reopen(clean_photo(data, max_bytes=MB).data)

    assert result.mode == "RGBA"
    assert result.getpixel((0, 0)) == (255, 0, 0, 255)


def test_sixteen_bit_grey_is_scaled_not_clipped():
    data = encode(Image.new("I;16", (4, 4), 0x8000), "PNG")

    assert reopen(clean_photo(data, max_bytes=MB).data).getpixel((0, 0)) == 128


def test_only_the_first_frame_of_an_animation_is_kept():
    frames = [Image.new("RGB", (20, 10), RED), Image.new("RGB", (20, 10), BLUE)]
    data = encode(frames[0], "WEBP", save_all=True, append_images=frames[1:], lossless=True)

    image = reopen(clean_photo(data, max_bytes=MB).data)

    assert getattr(image, "n_frames", 1) == 1
    assert close_to(image.getpixel((5, 5)), RED)


# --- refusals ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"Dear city, the lamp at Elm Street is out.\n", CANNOT_READ),
        (b"<!DOCTYPE html><html><script>alert(1)</script></html>", CANNOT_READ),
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", CANNOT_READ),
        (b"PK\x03\x04" + b"\x00" * 40, CANNOT_READ),
        (b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>', WRONG_TYPE),
        (b'<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg"/>', WRONG_TYPE),
        (b"\x00\x00\x00\x18ftypheic\x00\x00\x00\x00mif1heic", WRONG_TYPE),
        (b"\x00\x00\x00\x1cftypavif\x00\x00\x00\x00avifmif1miaf", WRONG_TYPE),
    ],
    ids=["text", "html", "pdf", "zip", "svg", "svg-xml", "heic", "avif"],
)
def test_files_that_are_not_jpeg_png_or_webp_are_refused(data, message):
    assert refusal(data) == message


@pytest.mark.parametrize("fmt", ["GIF", "BMP", "TIFF"])
def test_other_picture_formats_are_refused_with_the_formats_we_take(fmt):
    assert refusal(encode(halves(), fmt)) == WRONG_TYPE


def test_empty_file_is_refused():
    assert "empty" in refusal(b"")


@pytest.mark.parametrize(
    ("max_bytes", "shown"), [(10 * MB, "10 MB"), (5 * MB // 2, "2.5 MB"), (2000, "2 KB")]
)
def test_file_over_the_limit_is_refused_with_the_limit_in_the_message(max_bytes, shown):
    message = refusal(b"\xff\xd8\xff" + b"\x00" * max_bytes, max_bytes=max_bytes)

    assert message == f"The photo is larger than {shown}."


def test_file_at_the_limit_is_accepted():
    data = encode(halves(), "PNG")

    assert clean_photo(data, max_bytes=len(data)).width == 60


def test_photo_that_grows_past_the_limit_when_re_encoded_is_refused():
    data = encode(Image.effect_noise((200, 200), 64).convert("RGB"), "JPEG", quality=5)

    assert refusal(data, max_bytes=len(data)).startswith("The photo is larger than ")


@pytest.mark.parametrize("fmt", ["JPEG", "PNG", "WEBP"])
def test_truncated_pictures_are_refused(fmt):
    noisy = Image.effect_noise((200, 200), 64).convert("RGB")
    data = encode(noisy, fmt)

    assert refusal(data[: len(data) // 2]) == CANNOT_READ


def test_corrupt_pixel_data_is_refused():
    data = bytearray(encode(Image.effect_noise((64, 64), 64).convert("RGB"), "PNG"))
    idat = data.index(b"IDAT") + 4
    data[idat : idat + 40] = b"\x00" * 40

    assert refusal(bytes(data)) == CANNOT_READ


@pytest.mark.parametrize(
    ("width", "height"),
    [
        (100_000, 100_000),  # past Pillow's own hard limit (DecompressionBombError)
        (10_000, 10_000),  # past Pillow's warning limit (a warning, an error under pytest)
        (8_000, 6_000),  # past ours only
    ],
)
def test_header_claiming_too_many_pixels_is_refused_before_decoding(width, height):
    data = png_header_only(width, height)
    assert len(data) < 200

    message = refusal(data)

    assert "too big to process" in message
    assert "40 megapixels" in message


def test_small_file_that_decodes_to_too_many_pixels_is_refused():
    data = encode(Image.new("L", (3000, 3000)), "PNG")
    assert len(data) < 20_000

    assert "more than 4 megapixels" in refusal(data, max_pixels=4_000_000)


# --- size ----------------------------------------------------------------------------------


def test_large_picture_is_downscaled_on_its_longer_side():
    clean = clean_photo(encode(halves((1200, 800)), "PNG"), max_bytes=10 * MB, max_side=300)

    assert (clean.width, clean.height) == reopen(clean.data).size == (300, 200)


def test_large_jpeg_is_downscaled_after_being_turned_upright():
    data = encode(halves((2000, 1000)), "JPEG", exif=gps_exif(orientation=6))

    clean = clean_photo(data, max_bytes=10 * MB, max_side=400)

    image = reopen(clean.data)
    assert image.size == (clean.width, clean.height) == (200, 400)
    assert close_to(image.getpixel((190, 200)), RED)


def test_small_picture_keeps_its_size():
    clean = clean_photo(encode(halves((300, 200)), "JPEG"), max_bytes=MB, max_side=4096)

    assert (clean.width, clean.height) == (300, 200)
