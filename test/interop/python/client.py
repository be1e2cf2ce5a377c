# Calls an isorpc server from Python 3 with nothing but the standard library: one JSON request on
# a TCP socket, one JSON reply. The same request suits gorpc+tcp:// and jsonrpc+tcp:// servers.
# Usage: python3 client.py HOST PORT
import json
import socket
import sys

host, port = sys.argv[1], int(sys.argv[2])
request = {"jsonrpc": "2.0", "method": "Arith.Multiply", "params": [{"A": 7, "B": 8}], "id": 1}

with socket.create_connection((host, port), timeout=5) as sock:
    sock.sendall(json.dumps(request).encode())  # no newline needed: the server finds the value's end
    reply = b""
    while not reply.endswith(b"\n"):  # isorpc, like Go, ends each reply with a newline
        chunk = sock.recv(4096)
        if not chunk:
            break
        reply += chunk

print(json.loads(reply))
