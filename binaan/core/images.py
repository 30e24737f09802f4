"""Uploaded images, checked and re-encoded before anything is stored.

The one guard for every image a person uploads (residents' photos now, documentation photos
later): bounded in bytes and pixels before decoding (Pillow's decompression-bomb limit is lowered
to ours), JPEG or PNG only by content, never by name; fully decoded, so a truncated file is
refused; then re-encoded from its pixels, which drops whatever else the file carried — EXIF and
GPS, a trailing archive or script of a polyglot file.
"""

from __future__ import annotations

import io
import warnings

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

MAX_BYTES = 8 * 1024 * 1024
MAX_PIXELS = 40_000_000  # e.g. 8000 × 5000; a phone photo is 12–50 million at most
FORMATS = {"JPEG": ".jpg", "PNG": ".png"}


def clean_uploaded_image(
    upload: UploadedFile, *, max_bytes: int = MAX_BYTES, max_pixels: int = MAX_PIXELS
) -> ContentFile[bytes]:
    """The image re-encoded as JPEG or PNG, or a ValidationError that says what is wrong."""
    size = upload.size or 0
    if size > max_bytes:
        raise ValidationError(
            _("The photo is larger than %(limit)s MB.") % {"limit": max_bytes // (1024 * 1024)}
        )
    upload.seek(0)
    data = upload.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise ValidationError(
            _("The photo is larger than %(limit)s MB.") % {"limit": max_bytes // (1024 * 1024)}
        )
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as image:
                if image.format not in FORMATS:
                    raise ValidationError(_("Only JPEG and PNG photos are accepted."))
                width, height = image.size
                if width * height > max_pixels:
                    raise ValidationError(
                        _("The photo has more than %(limit)s million pixels.")
                        % {"limit": max_pixels // 1_000_000}
                    )
                image.load()  # decodes every pixel: a truncated file fails here
                fmt = image.format
                upright = ImageOps.exif_transpose(image)
    except ValidationError:
        raise
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as error:
        raise ValidationError(_("This file is not a readable JPEG or PNG photo.")) from error
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as error:
        raise ValidationError(
            _("The photo has more than %(limit)s million pixels.")
            % {"limit": max_pixels // 1_000_000}
        ) from error
    out = io.BytesIO()
    if fmt == "JPEG":
        upright.convert("RGB").save(out, format="JPEG", quality=90)
    else:
        upright.save(out, format="PNG")
    # Only our own encoding is stored, without metadata; the name is replaced on save anyway.
    return ContentFile(out.getvalue(), name=f"photo{FORMATS[str(fmt)]}")
