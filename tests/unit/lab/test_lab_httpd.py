# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""lab-httpd (lab/container/rootfs/usr/local/sbin/lab-httpd), run as a process on 127.0.0.1."""

from __future__ import absolute_import, division, print_function

import http.client
import socket
import struct
import time

import pytest

TIMEOUT = 5


class Raw(object):
    """A plain TCP connection to the server, to see exactly what goes over it."""

    def __init__(self, port, family=socket.AF_INET, host='127.0.0.1'):
        self.sock = socket.socket(family, socket.SOCK_STREAM)
        self.sock.settimeout(TIMEOUT)
        self.sock.connect((host, port))
        self.file = self.sock.makefile('rb')

    def send(self, request):
        """Sends a request (str, CRLF line ends added)."""
        self.sock.sendall(request.replace('\n', '\r\n').encode())

    def answer(self, head_only=False):
        """Reads one answer: (status line, {lower-case header: value}, body)."""
        status = self.file.readline().decode().rstrip('\r\n')
        headers = {}
        while True:
            line = self.file.readline().decode().rstrip('\r\n')
            if not line:
                break
            name, value = line.split(':', 1)
            headers[name.strip().lower()] = value.strip()
        body = b'' if head_only else self.file.read(int(headers['content-length']))
        return status, headers, body

    def closed_by_server(self, wait=TIMEOUT):
        """Whether the server closes the connection within ``wait`` seconds, with nothing more sent."""
        self.sock.settimeout(wait)
        try:
            rest = self.file.read()
        except socket.timeout:
            return False
        except ConnectionResetError:
            return True
        assert rest == b'', rest
        return True

    def close(self):
        """Closes the connection."""
        self.file.close()
        self.sock.close()


def test_get_serves_files_and_index_html_with_exact_content_length_over_one_connection(httpd, page):
    server = httpd()
    conn = http.client.HTTPConnection('127.0.0.1', server.port, timeout=TIMEOUT)
    expected = {'/': page, '/index.html': page, '/data.txt': b'x' * 10000, '/sub/': b'sub page\n',
                '/sub': b'sub page\n', '/sub/index.html': b'sub page\n', '/?query=1': page}
    first_socket = None
    for path, body in expected.items():
        conn.request('GET', path)
        answer = conn.getresponse()
        assert (path, answer.status) == (path, 200)
        assert answer.read() == body
        assert int(answer.getheader('Content-Length')) == len(body)
        assert not answer.will_close
        first_socket = first_socket or conn.sock
        assert conn.sock is first_socket   # http.client would have opened another one after a close
    conn.close()


def test_http11_keeps_the_connection_open_by_default(httpd, page):
    server = httpd()
    raw = Raw(server.port)
    for _round in range(3):
        raw.send('GET / HTTP/1.1\nHost: lab\n\n')
        status, headers, body = raw.answer()
        assert status == 'HTTP/1.1 200 OK'
        assert body == page
        assert 'connection' not in headers
    assert not raw.closed_by_server(wait=1)
    raw.close()


def test_connection_close_is_honoured(httpd, page):
    server = httpd()
    raw = Raw(server.port)
    raw.send('GET / HTTP/1.1\nHost: lab\nConnection: close\n\n')
    status, headers, body = raw.answer()
    assert (status, headers['connection'], body) == ('HTTP/1.1 200 OK', 'close', page)
    assert raw.closed_by_server()
    raw.close()


@pytest.mark.parametrize('request_text', [
    # keepalived's HTTP_GET check (check_http.c's request template)
    'GET / HTTP/1.0\nUser-Agent: KeepAliveClient\nHost: 127.0.0.1:80\n\n',
    # HTTP/1.0 always closes, even when the client offers keep-alive
    'GET / HTTP/1.0\nConnection: keep-alive\n\n',
])
def test_http10_is_answered_then_the_connection_closed(httpd, request_text, page):
    server = httpd()
    raw = Raw(server.port)
    raw.send(request_text)
    status, headers, body = raw.answer()
    assert (status, headers['connection'], body) == ('HTTP/1.1 200 OK', 'close', page)
    assert raw.closed_by_server()
    raw.close()


def test_head_sends_the_headers_of_get_and_no_body(httpd, page):
    server = httpd()
    raw = Raw(server.port)
    raw.send('HEAD /data.txt HTTP/1.1\nHost: lab\n\n')
    status, headers, body = raw.answer(head_only=True)
    assert (status, headers['content-length'], body) == ('HTTP/1.1 200 OK', '10000', b'')
    # no body bytes followed: the next answer on the connection starts with its status line
    raw.send('GET / HTTP/1.1\nHost: lab\n\n')
    status, headers, body = raw.answer()
    assert (status, headers['content-length'], headers['content-type'], body) == (
        'HTTP/1.1 200 OK', str(len(page)), 'text/html', page)
    raw.close()


@pytest.mark.parametrize('path', ['/missing', '/sub/missing.html', '/../secret.txt', '/%2e%2e/secret.txt',
                                  '/sub/../../secret.txt', '/nul%00'])
def test_404_for_what_is_not_a_file_under_the_root_and_the_connection_stays(httpd, path, page):
    server = httpd()
    raw = Raw(server.port)
    raw.send('GET %s HTTP/1.1\nHost: lab\n\n' % path)
    status, headers, body = raw.answer()
    assert status == 'HTTP/1.1 404 Not Found'
    assert int(headers['content-length']) == len(body) > 0
    raw.send('GET / HTTP/1.1\nHost: lab\n\n')
    assert raw.answer()[2] == page
    raw.close()


def test_other_methods_get_501_and_a_close(httpd):
    server = httpd()
    raw = Raw(server.port)
    raw.send('POST / HTTP/1.1\nHost: lab\nContent-Length: 0\n\n')
    status, headers, _body = raw.answer()
    assert (status.split(' ')[1], headers['connection']) == ('501', 'close')
    assert raw.closed_by_server()
    raw.close()


def test_tcp_checks_resets_and_half_requests_are_harmless_and_not_logged(httpd, page):
    server = httpd()
    for _round in range(30):       # keepalived's TCP_CHECK: connect, then close
        socket.create_connection(('127.0.0.1', server.port), timeout=TIMEOUT).close()
    for _round in range(30):       # connect, then reset (SO_LINGER 0)
        sock = socket.create_connection(('127.0.0.1', server.port), timeout=TIMEOUT)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack('ii', 1, 0))
        sock.close()
    for _round in range(10):       # half a request, then reset
        sock = socket.create_connection(('127.0.0.1', server.port), timeout=TIMEOUT)
        sock.sendall(b'GET / HTTP/1.1\r\nHost:')
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack('ii', 1, 0))
        sock.close()
    time.sleep(0.3)
    raw = Raw(server.port)
    raw.send('GET / HTTP/1.1\nHost: lab\n\n')
    assert raw.answer()[2] == page
    raw.close()
    status, stderr = server.stop()
    assert status == 0
    assert stderr == ['lab-httpd: stopped by SIGTERM']


def test_no_log_line_per_request_unless_verbose(httpd, page):
    quiet = httpd()
    verbose = httpd(extra=['--verbose'])
    for server in (quiet, verbose):
        conn = http.client.HTTPConnection('127.0.0.1', server.port, timeout=TIMEOUT)
        for _round in range(100):
            conn.request('GET', '/')
            assert conn.getresponse().read() == page
        conn.close()
    assert quiet.stop()[1] == ['lab-httpd: stopped by SIGTERM']
    logged = verbose.stop()[1]
    assert len([line for line in logged if '"GET / HTTP/1.1" 200' in line]) == 100


def test_sigterm_stops_it_with_open_keep_alive_connections(httpd, page):
    # idle connections would keep a server that waits for them running for 600 s, far beyond stop()'s timeout
    server = httpd(extra=['--idle-timeout', '600'])
    clients = []
    for _round in range(100):
        raw = Raw(server.port)
        raw.send('GET / HTTP/1.1\nHost: lab\n\n')
        assert raw.answer()[2] == page
        clients.append(raw)
    status, _stderr = server.stop()
    assert status == 0
    assert all(raw.closed_by_server(wait=2) for raw in clients)
    for raw in clients:
        raw.close()


def test_idle_connections_are_closed_after_the_idle_timeout(httpd, page):
    server = httpd(extra=['--idle-timeout', '0.5'])
    raw = Raw(server.port)
    raw.send('GET / HTTP/1.1\nHost: lab\n\n')
    assert raw.answer()[2] == page
    assert raw.closed_by_server(wait=3)
    raw.close()


def ipv6_loopback():
    """Whether this machine can listen on ::1."""
    if not socket.has_ipv6:
        return False
    try:
        with socket.socket(socket.AF_INET6, socket.SOCK_STREAM) as sock:
            sock.bind(('::1', 0))
    except OSError:
        return False
    return True


@pytest.mark.skipif(not ipv6_loopback(), reason='no IPv6 loopback (::1) on this machine')
def test_listens_on_ipv6_when_given_an_ipv6_address(httpd, web_root, page):
    server = httpd(bind='::1')
    assert server.started == 'lab-httpd: serving %s on ::1 port %d' % (web_root, server.port)
    raw = Raw(server.port, family=socket.AF_INET6, host='::1')
    raw.send('GET / HTTP/1.1\nHost: [::1]\n\n')
    assert raw.answer()[2] == page
    raw.close()


def test_a_stop_signal_while_a_connection_is_handed_to_its_thread_is_not_swallowed(lab_httpd, tmp_path):
    # socketserver catches Exception around process_request(): a SIGTERM that lands there (on a busy server, a
    # connection is being accepted most of the time) must still end serve_forever(), not be logged as a request error.
    server = lab_httpd.Server(('127.0.0.1', 0), str(tmp_path), verbose=False)
    try:
        def signal_arrives(_request, _client_address):
            raise lab_httpd.Stopped('SIGTERM')
        server.process_request = signal_arrives
        client = socket.create_connection(server.server_address[:2], timeout=TIMEOUT)
        with pytest.raises(lab_httpd.Stopped):
            server._handle_request_noblock()  # pylint: disable=protected-access
        client.close()
    finally:
        server.server_close()
