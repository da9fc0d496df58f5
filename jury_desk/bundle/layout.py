"""The fixed names and size caps of a bundle's container.

A module with no imports on purpose: ``bundle/verify.py`` needs these before it starts
copying, and must not wait for pydantic (the manifest's schema) or ``cryptography``
(minisign) to load first; those load on another thread while the copy runs.
"""

MANIFEST_NAME = "manifest.json"
SIGNATURE_NAME = "manifest.json.minisig"

# 2,000 graduates with 30-unit transcripts take ~15 MB of pretty JSON (the graduation
# benchmark); a cap, not a target: the strict parser refuses anything bigger before parsing.
MAX_MANIFEST_BYTES = 32 * 1024 * 1024
# minisign's own cap on a signature file (see bundle/minisign.py's line caps).
MAX_SIGNATURE_FILE = 16384
# The blind fields' values and salts (``bundle/blind_fields.py``) when the bundle pins no
# reveal key: a document of the bundle, so its SHA-256 is in the signed manifest's files.
BLIND_VALUES_PATH = "documents/blind-fields.json"
