"""Legacy Word .doc reports, through an external converter.

In order of preference: LibreOffice (``soffice --headless --convert-to docx``, then read
as .docx, tables and all), antiword, catdoc (both give plain text, read like a .txt; line
wrapping is switched off so that every Word paragraph stays one line, as in a .txt export).
``scripts/bootstrap.sh`` installs antiword where apt-get is available, so every set-up
machine (and CI) reads .doc; LibreOffice stays optional.
Each runs in a private temporary folder (LibreOffice with its own profile, so runs never
share a lock) with a timeout, after which its whole process group is killed. When none is
installed the file is quarantined with a reason that says how to enable it.

A password-protected Office file of any kind (an OLE2 container holding an
``EncryptedPackage`` stream) is refused up front.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import tempfile
from pathlib import Path

from pipelines.document import Document
from pipelines.readers.base import UnreadableFile, register, sha256_of

CONVERT_TIMEOUT_S = 90
NO_CONVERTER = ("legacy .doc needs LibreOffice to be read: apt-get install libreoffice-writer-nogui "
                "(or antiword for text only)")


def find_converter() -> tuple[str, str] | None:
    """(name, executable) of the best installed .doc converter, or None."""
    for name, exes in (("soffice", ("soffice", "libreoffice")), ("antiword", ("antiword",)), ("catdoc", ("catdoc",))):
        for exe in exes:
            found = shutil.which(exe)
            if found:
                return name, found
    return None


def run(cmd: list[str], timeout: float, what: str, cwd: str | None = None) -> bytes:
    """stdout of ``cmd``; on timeout the whole process group is killed and the file refused."""
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, stdin=subprocess.DEVNULL,
                            start_new_session=True, cwd=cwd)
    try:
        out, err = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGKILL)
        proc.communicate()
        raise UnreadableFile(f"converting .doc with {what} timed out after {timeout:.0f} s") from None
    if proc.returncode != 0:
        message = err.decode("utf-8", "replace").strip().splitlines()
        raise UnreadableFile(f"{what} could not convert the .doc (exit {proc.returncode}: {message[-1] if message else 'no message'})")
    return out


def is_encrypted_office(data: bytes) -> bool:
    return "EncryptedPackage".encode("utf-16-le") in data


@register(".doc")
def read_doc(path: Path, data: bytes, display_name: str) -> Document:
    if is_encrypted_office(data):
        raise UnreadableFile("password-protected Office file: remove the password and save again")
    converter = find_converter()
    if converter is None:
        raise UnreadableFile(NO_CONVERTER)
    return convert_doc(data, display_name, converter)


def convert_doc(data: bytes, display_name: str, converter: tuple[str, str]) -> Document:
    """The document in a .doc's bytes, read with ``converter`` ((name, executable) as ``find_converter`` gives)."""
    name, exe = converter
    sha = sha256_of(data)
    with tempfile.TemporaryDirectory(prefix="jixiao-doc-") as tmp:
        src = Path(tmp) / "report.doc"
        src.write_bytes(data)
        if name == "soffice":
            from pipelines.readers.docx import docx_document

            out_dir = Path(tmp) / "out"
            profile = (Path(tmp) / "profile").as_uri()
            run([exe, f"-env:UserInstallation={profile}", "--headless", "--norestore", "--nolockcheck",
                 "--convert-to", "docx", "--outdir", str(out_dir), str(src)], CONVERT_TIMEOUT_S, "LibreOffice", tmp)
            converted = out_dir / "report.docx"
            if not converted.exists():
                raise UnreadableFile("LibreOffice could not convert the .doc (no output: damaged or not a Word file)")
            return docx_document(converted.read_bytes(), source_path=display_name, file_sha256=sha, fmt="doc")
        from pipelines.readers.text import document_from_text

        cmd = [exe, "-m", "UTF-8.txt", "-w", "0", str(src)] if name == "antiword" else [exe, "-d", "utf-8", "-w", str(src)]
        # antiword starts its output with an empty line that is not in the document
        text = run(cmd, CONVERT_TIMEOUT_S, name, tmp).decode("utf-8", "replace").removeprefix("\n")
        if not text.strip():
            raise UnreadableFile(f"{name} found no text in the .doc")
        return document_from_text(text, source_path=display_name, file_sha256=sha, fmt="doc", encoding=None)
