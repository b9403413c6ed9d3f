"""An aiosmtpd server for the client's interop tests: STARTTLS required, optional AUTH.

Usage: python3 aiosmtpd_server.py HOST PORT CERT_PEM KEY_PEM OUT_DIR [USER PASSWORD]

Each message is written to OUT_DIR as NNNN.eml (the content as received, dots removed) and then
NNNN.json (envelope, TLS and AUTH state); the .json appears last, by rename, so a reader that sees it
can read both. Runs until killed.
"""
import json
import os
import ssl
import sys
import threading

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword


class Recorder:
    def __init__(self, out_dir):
        self.out_dir = out_dir
        self.count = 0

    async def handle_DATA(self, server, session, envelope):
        self.count += 1
        base = os.path.join(self.out_dir, "%04d" % self.count)
        content = envelope.original_content if envelope.original_content is not None else envelope.content
        with open(base + ".eml.tmp", "wb") as f:
            f.write(content)
        os.replace(base + ".eml.tmp", base + ".eml")
        login = None
        if session.authenticated and isinstance(session.auth_data, LoginPassword):
            login = session.auth_data.login.decode("utf-8")
        meta = {
            "mail_from": envelope.mail_from,
            "rcpt_tos": envelope.rcpt_tos,
            "mail_options": envelope.mail_options,
            "tls": session.ssl is not None,
            "login": login,
        }
        with open(base + ".json.tmp", "w", encoding="utf-8") as f:
            json.dump(meta, f, ensure_ascii=False)
        os.replace(base + ".json.tmp", base + ".json")
        return "250 2.0.0 Message accepted for delivery"


def main():
    host, port, cert, key, out_dir = sys.argv[1:6]
    user, password = (sys.argv[6], sys.argv[7]) if len(sys.argv) > 7 else (None, None)

    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(cert, key)

    def authenticator(server, session, envelope, mechanism, auth_data):
        ok = (user is not None and isinstance(auth_data, LoginPassword)
              and auth_data.login == user.encode() and auth_data.password == password.encode())
        # handled=False: aiosmtpd then answers a failure with 535 itself.
        return AuthResult(success=ok, handled=False, auth_data=auth_data if ok else None)

    controller = Controller(Recorder(out_dir), hostname=host, port=int(port), require_starttls=True,
                            tls_context=context, authenticator=authenticator, auth_require_tls=True,
                            enable_SMTPUTF8=True)
    controller.start()
    print("READY", flush=True)
    threading.Event().wait()


if __name__ == "__main__":
    main()
