#!/usr/bin/env python3
"""tests/slowloris.py URL CONNS SECONDS SPREAD — opens CONNS connections to
the server at URL (http://HOST:PORT) from SPREAD local source addresses
(127.0.0.2, 127.0.0.3, ...; SPREAD=1 means all from 127.0.0.1) and keeps
them busy sending a request's headers one byte at a time, never finishing.
Meanwhile, every second, a normal client from 127.0.0.250 asks for / and
must get 200 within 2 s. Prints what it saw; exits 1 if a normal request
failed or was slow. Standard library only (used by suite-slowloris.sh and
soak.sh)."""
import socket
import sys
import time
import urllib.parse


def main():
    url, conns, secs, spread = sys.argv[1], int(sys.argv[2]), float(sys.argv[3]), int(sys.argv[4])
    u = urllib.parse.urlparse(url)
    host, port = u.hostname, u.port
    slow = []
    refused = 0
    for i in range(conns):
        src = "127.0.0.1" if spread <= 1 else "127.0.0.%d" % (2 + i % spread)
        s = socket.socket()
        s.setblocking(True)
        try:
            s.bind((src, 0))
            s.settimeout(2)
            s.connect((host, port))
            s.setblocking(False)
            slow.append([s, b"GET / HTTP/1.1\r\nHost: x\r\nX-Slow: " + b"a" * 4000, 0])
        except OSError:
            refused += 1
            s.close()
    worst = 0.0
    failures = 0
    normal = 0
    closed = 0
    end = time.time() + secs
    next_probe = time.time()
    while time.time() < end:
        for c in slow:
            if c[0] is None:
                continue
            try:
                c[0].send(c[1][c[2]:c[2] + 1])
                c[2] = (c[2] + 1) % len(c[1])
            except BlockingIOError:
                pass
            except OSError:
                c[0].close()
                c[0] = None
                closed += 1
        if time.time() >= next_probe:
            next_probe += 1
            t0 = time.time()
            ok = False
            try:
                p = socket.socket()
                p.bind(("127.0.0.250", 0))
                p.settimeout(2)
                p.connect((host, port))
                p.sendall(b"GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
                data = b""
                while True:
                    chunk = p.recv(65536)
                    if not chunk:
                        break
                    data += chunk
                ok = data.startswith(b"HTTP/1.1 200")
                p.close()
            except OSError:
                ok = False
            dt = time.time() - t0
            normal += 1
            worst = max(worst, dt)
            if not ok or dt > 2:
                failures += 1
        time.sleep(0.2)
    held = sum(1 for c in slow if c[0] is not None)
    for c in slow:
        if c[0] is not None:
            c[0].close()
    print("slowloris: %d slow connections opened (%d refused), %d still held, %d closed by "
          "the server; %d normal requests, %d failed, slowest %.3f s"
          % (len(slow), refused, held, closed, normal, failures, worst))
    return 1 if failures or normal == 0 else 0


if __name__ == "__main__":
    sys.exit(main())
