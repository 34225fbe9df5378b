"""An uploaded cover survives a form error: when the article form comes back
with an error anywhere, the file is kept under ``MEDIA_ROOT/uploads-pending``
and the form carries a signed token for it (a hidden field), so the next
successful save uses it without the editor choosing the file again.

Files are named at random, never served (the media view refuses the folder),
and those older than ``MAX_AGE`` are deleted whenever another is kept."""

import secrets
import time
from pathlib import Path

from django import forms
from django.conf import settings
from django.core import signing
from django.core.files.uploadedfile import SimpleUploadedFile, UploadedFile
from django.utils.translation import gettext_lazy as _

FOLDER = "uploads-pending"
MAX_AGE = 24 * 3600  # seconds a kept upload waits for its article
SALT = "articles.pending-upload"


def folder() -> Path:
    return Path(settings.MEDIA_ROOT) / FOLDER


def keep(upload: UploadedFile) -> str:
    """Store ``upload`` and return the signed token that gets it back."""
    clean_stale()
    folder().mkdir(parents=True, exist_ok=True)
    stored = secrets.token_hex(16) + Path(upload.name).suffix.lower()[:10]
    upload.seek(0)
    with open(folder() / stored, "wb") as out:
        for chunk in upload.chunks():
            out.write(chunk)
    payload = {"file": stored, "name": Path(upload.name).name, "type": upload.content_type}
    return signing.dumps(payload, salt=SALT)


def take(token: str) -> tuple[SimpleUploadedFile, Path] | None:
    """The kept upload for ``token`` (and its path), or None if forged, stale or gone."""
    try:
        payload = signing.loads(token, salt=SALT, max_age=MAX_AGE)
    except signing.BadSignature:
        return None
    path = folder() / Path(payload["file"]).name
    if not path.is_file():
        return None
    upload = SimpleUploadedFile(payload["name"], path.read_bytes(), payload.get("type"))
    return upload, path


def clean_stale(now: float | None = None) -> None:
    if not folder().is_dir():
        return
    limit = (now or time.time()) - MAX_AGE
    for path in folder().iterdir():
        if path.is_file() and path.stat().st_mtime < limit:
            path.unlink(missing_ok=True)


class PendingUploadFormMixin(forms.Form):
    """For a ModelForm with file fields listed in ``pending_upload_fields``."""

    pending_upload_fields = ("cover",)
    pending_cover = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.pending_paths = {}
        if not self.is_bound:
            return
        for name in self.pending_upload_fields:
            token = self.data.get(f"pending_{name}")
            if not token or self.files.get(name) or name not in self.fields:
                continue
            kept = take(token)
            if kept is not None:
                upload, self.pending_paths[name] = kept
                self.files = self.files.copy()
                self.files[name] = upload

    def keep_pending_uploads(self) -> None:
        """Called when the form is shown again with errors (here or in an inline)."""
        data = None
        for name in self.pending_upload_fields:
            upload = self.files.get(name)
            if not isinstance(upload, UploadedFile) or name in self.errors:
                continue
            path = self.pending_paths.get(name)
            token = self.data.get(f"pending_{name}") if path else keep(upload)
            data = data if data is not None else self.data.copy()
            data[f"pending_{name}"] = token
            note = _("“%(name)s” is kept: it will be saved with the article.") % {
                "name": upload.name
            }
            # The bound field copied the help text when validation made it.
            self.fields[name].help_text = self[name].help_text = note
        if data is not None:
            self.data = data

    def discard_pending_uploads(self) -> None:
        """After a successful save: the kept files are in their real place now."""
        for path in self.pending_paths.values():
            path.unlink(missing_ok=True)
        self.pending_paths = {}
