"""Attachments: files on disk in the instance folder, checked for size and type first.

The stored name is random, so a filename from outside never becomes a path on disk.
"""

import secrets
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from werkzeug.utils import secure_filename

from ..accounts.models import User
from ..errors import ValidationError
from . import policy
from .models import Attachment

# Content a browser could run if served back inline; refused whatever the extension says.
_ACTIVE_SIGNATURES = (b"<!doctype html", b"<html", b"<script", b"<svg")


@dataclass(frozen=True)
class UploadRules:
    folder: str
    max_bytes: int
    allowed_extensions: frozenset[str]


def rules_from_config(config: Mapping[str, Any]) -> UploadRules:
    """The upload limits the configuration sets (every channel that takes files uses them)."""
    return UploadRules(
        folder=config["UPLOAD_FOLDER"],
        max_bytes=config["MAX_ATTACHMENT_BYTES"],
        allowed_extensions=frozenset(
            ext.strip().lower() for ext in config["ALLOWED_ATTACHMENT_TYPES"]
        ),
    )


def check_upload(filename: str, data: bytes, rules: UploadRules) -> str:
    """Return a safe display name for the file.

    :raises ValidationError: for an empty, oversized or disallowed file.
    """
    name = secure_filename(filename or "") or "attachment"
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if not data:
        raise ValidationError("The file is empty.", {"attachment": f"{name} is empty."})
    if len(data) > rules.max_bytes:
        limit = rules.max_bytes // (1024 * 1024)
        raise ValidationError(
            "The file is too large.", {"attachment": f"{name} is larger than {limit} MB."}
        )
    if extension not in rules.allowed_extensions:
        allowed = ", ".join(sorted(rules.allowed_extensions))
        raise ValidationError(
            "That file type is not accepted.",
            {
                "attachment": f"{name}: files of type .{extension or '?'} are not accepted"
                f" (allowed: {allowed})."
            },
        )
    if data[:512].lstrip().lower().startswith(_ACTIVE_SIGNATURES):
        raise ValidationError(
            "That file type is not accepted.", {"attachment": f"{name} looks like a web page."}
        )
    return name


def store_file(data: bytes, folder: str) -> str:
    """Write the bytes under a random name in *folder*; return that name."""
    storage_name = secrets.token_hex(16)
    Path(folder).mkdir(parents=True, exist_ok=True)
    (Path(folder) / storage_name).write_bytes(data)
    return storage_name


def path_of(attachment: Attachment, folder: str) -> Path:
    return Path(folder) / attachment.storage_name


def can_download(user: User | None, attachment: Attachment) -> bool:
    if not policy.can_view(user, attachment.ticket):
        return False
    return not attachment.is_internal or policy.can_see_internal(user)
