# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""lab-connections (lab/container/rootfs/usr/local/bin/lab-connections) against lab-httpd and against small fake
servers, all on 127.0.0.1."""

from __future__ import absolute_import, division, print_function

import signal
import socket
import socketserver
import threading
import time

import pytest

INTERVAL = 0.5


def check_totals(report):
    """What holds for every report: the totals add up, per connection too."""
    totals = report['totals']
    per = report['per_connection']
    assert totals['requests'] == totals['ok'] + totals['failed']
    assert totals['requests'] == sum(c['requests'] for c in per)
    assert totals['ok'] == sum(c['ok'] for c in per) == sum(report['servers'].values())
    assert totals['failed'] == sum(c['failed'] for c in per) == sum(report['errors'].values())
    assert totals['broken'] == sum(len(c['broken_at']) for c in per)
    assert totals['connections_opened'] == sum(len(c['ports']) for c in per)
    for conn in per:
        assert conn['requests'] == conn['ok'] + conn['failed']
        assert conn['ok'] == sum(conn['servers'].values())
        assert conn['port'] == (conn['ports'][0] if conn['ports'] else None)


def test_200_keep_alive_connections_for_4_s_every_request_answered_by_the_one_server(httpd, connections):
    server = httpd()
    duration = 4.0
    client = connections(server.port, '--connections', 200, '--interval', INTERVAL, '--duration', duration)
    count, ready_at = client.ready()
    report = client.report(timeout=duration + 20)
    check_totals(report)
    assert count == 200
    assert report['started'] <= ready_at == report['ready'] <= report['ended']
    assert report['stopped_by'] == 'duration'
    assert report['duration'] == pytest.approx(duration, abs=0.5)
    totals = report['totals']
    assert (totals['failed'], totals['broken'], totals['connect_failures'], totals['switched']) == (0, 0, 0, 0)
    assert totals['connections_opened'] == 200
    expected = 200 * duration / INTERVAL
    assert abs(totals['requests'] - expected) <= 0.1 * expected, (totals['requests'], expected)
    assert report['servers'] == {'rs-test': totals['ok']}
    per = report['per_connection']
    assert [c['conn'] for c in per] == list(range(200))
    assert len(set(c['port'] for c in per)) == 200           # 200 TCP connections, each its own source port
    for conn in per:
        assert conn['ports'] == [conn['port']]                # held open the whole run
        assert conn['servers'] == {'rs-test': conn['requests']}
        assert (conn['failed'], conn['broken_at']) == (0, [])
        assert conn['longest_without_answer'] < INTERVAL + 0.5
    assert report['longest_without_answer']['overall']['seconds'] < 2 * INTERVAL
    assert report['timeline'] == [] and report['switched'] == [] and report['errors'] == {}
    # the tool itself must not be CPU-bound at 400 requests/s
    assert 0 < report['process']['cpu_user'] + report['process']['cpu_system'] < 0.6 * report['duration']
    assert server.stop()[1] == ['lab-httpd: stopped by SIGTERM']


def test_server_stopped_mid_run_breaks_each_connection_once_and_the_reconnects_after_its_restart_are_seen(
        httpd, connections):
    server = httpd()
    client = connections(server.port, '--connections', 200, '--interval', INTERVAL, '--duration', 8)
    client.ready()
    time.sleep(1)
    stopping = time.time()
    client.write('MARK stop lab-httpd\n')
    status, stderr = server.stop()
    assert (status, stderr) == (0, ['lab-httpd: stopped by SIGTERM'])
    stopped = time.time()
    time.sleep(1.5)
    restarting = time.time()
    again = httpd(port=server.port)
    client.write('MARK started lab-httpd\n')
    report = client.report(timeout=30)
    check_totals(report)
    totals = report['totals']
    assert [m['text'] for m in report['marks']] == ['stop lab-httpd', 'started lab-httpd']
    # every connection was open when the server went away: each broke exactly once, when it sent its next request
    assert totals['broken'] == 200
    per = report['per_connection']
    for conn in per:
        assert len(conn['broken_at']) == 1
        assert stopping - 0.05 <= conn['broken_at'][0] <= stopped + INTERVAL + 1.0
    # while nothing listened, the connects were refused; nothing else failed
    assert totals['connect_failures'] > 0
    assert totals['failed'] == totals['broken'] + totals['connect_failures']
    assert set(report['errors']) <= {'eof', 'reset', 'refused'}
    assert report['errors'].get('refused') == totals['connect_failures']
    # service back: each connection opened a new TCP connection that was answered after the restart
    assert totals['connections_opened'] == 400
    back = [e for e in report['timeline'] if e['event'] == 'back']
    assert sorted(e['conn'] for e in back) == list(range(200))
    assert all(restarting - 0.05 <= e['t'] <= again.listening_at + INTERVAL + 1.0 for e in back)
    for conn in per:
        assert len(conn['ports']) == 2 and conn['ports'][0] != conn['ports'][1]
        assert conn['servers'] == {'rs-test': conn['ok']}
    broken = [e for e in report['timeline'] if e['event'] == 'broken']
    assert sorted(e['conn'] for e in broken) == list(range(200))
    overall = report['longest_without_answer']['overall']
    assert overall['from'] <= stopped and overall['to'] >= restarting - 0.05
    assert overall['seconds'] >= restarting - stopped - 0.05
    assert report['longest_without_answer']['worst_connection']['seconds'] >= overall['seconds']
    assert again.stop()[0] == 0


def test_mark_lines_are_recorded_with_their_time_and_a_stop_line_ends_the_run(httpd, connections):
    server = httpd()
    client = connections(server.port, '--connections', 10, '--duration', 60)
    client.ready()
    before = time.time()
    client.write('MARK first\n')
    time.sleep(0.3)
    client.write('MARK  director lvs1 out  \nhello\n')
    after = time.time()
    time.sleep(0.3)
    client.write('stop\n')
    report = client.report(timeout=20)
    check_totals(report)
    assert report['stopped_by'] == 'stdin'
    assert report['duration'] < 30
    marks = report['marks']
    assert [m['text'] for m in marks] == ['first', 'director lvs1 out']
    assert before - 0.05 <= marks[0]['t'] <= marks[1]['t'] <= after + 0.3
    assert marks[1]['t'] - marks[0]['t'] >= 0.25
    assert [e for e in report['timeline'] if e['event'] == 'mark'] == [dict(m, event='mark') for m in marks]
    assert "lab-connections: ignored input line 'hello'" in client.rest('stderr', 5)


def test_sigterm_ends_the_run_with_a_report(httpd, connections):
    server = httpd()
    client = connections(server.port, '--connections', 10)
    client.ready()
    time.sleep(0.5)
    client.signal(signal.SIGTERM)
    report = client.report(timeout=20)
    check_totals(report)
    assert report['stopped_by'] == 'SIGTERM'
    assert report['totals']['ok'] >= 10 and report['totals']['failed'] == 0


@pytest.mark.parametrize('stop_on_eof', [True, False])
def test_end_of_stdin_ends_the_run_only_with_stop_on_eof(httpd, connections, stop_on_eof):
    server = httpd()
    options = ['--connections', 5, '--duration', 3] + (['--stop-on-eof'] if stop_on_eof else [])
    client = connections(server.port, *options)
    client.ready()
    client.popen.stdin.close()
    report = client.report(timeout=20)
    assert report['stopped_by'] == ('end of stdin' if stop_on_eof else 'duration')
    assert (report['duration'] < 2) == stop_on_eof


@pytest.fixture
def closed_port():
    """A loopback port nothing listens on."""
    with socket.socket() as sock:
        sock.bind(('127.0.0.1', 0))
        return sock.getsockname()[1]


def test_nothing_listening_no_ready_every_request_refused_and_no_answer_for_the_whole_run(connections, closed_port):
    client = connections(closed_port, '--connections', 5, '--interval', 0.2, '--duration', 1.5)
    report = client.report(timeout=20)   # only the report on stdout: no READY line
    check_totals(report)
    totals = report['totals']
    assert report['ready'] is None
    assert totals['ok'] == 0 and totals['requests'] > 5 * 5
    assert totals['failed'] == totals['connect_failures'] == totals['requests'] == report['errors']['refused']
    assert (totals['broken'], totals['connections_opened']) == (0, 0)
    overall = report['longest_without_answer']['overall']
    assert (overall['from'], overall['to']) == (report['started'], report['ended'])
    # the timeline is compact: one run of refused connects per connection
    assert [(e['event'], e['conn'], e['error'], e['count']) for e in report['timeline']] == [
        ('failed', c['conn'], 'refused', c['failed']) for c in report['per_connection']]


class FakeHandler(socketserver.StreamRequestHandler):
    """Answers each request on a connection the way the server's ``mode`` says."""

    def handle(self):
        answered = 0
        while True:
            try:
                line = self.rfile.readline()
                while line not in (b'\r\n', b''):
                    line = self.rfile.readline()
            except OSError:
                return
            if not line:
                return
            answered += 1
            mode = self.server.mode
            if mode == 'silent':
                continue
            if mode == 'garbage':
                self.wfile.write(b'HELLO\r\n\r\n')
                continue
            name = 'b' if mode == 'switch' and answered % 2 == 0 else 'a'
            body = ('real server %s\n' % name).encode()
            self.wfile.write(b'HTTP/1.1 %d X\r\nContent-Length: %d\r\n%s\r\n%s' % (
                503 if mode == '503' else 200, len(body), b'Connection: close\r\n' if mode == 'close' else b'', body))
            if mode == 'close':
                return


class FakeServer(socketserver.ThreadingTCPServer):
    """A misbehaving web server on 127.0.0.1."""

    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, mode):
        self.mode = mode
        socketserver.ThreadingTCPServer.__init__(self, ('127.0.0.1', 0), FakeHandler)


@pytest.fixture
def fake_server():
    """Starts a FakeServer: ``fake_server(mode)`` -> its port."""
    servers = []

    def start(mode):
        server = FakeServer(mode)
        threading.Thread(target=server.serve_forever, kwargs={'poll_interval': 0.1}, daemon=True).start()
        servers.append(server)
        return server.server_address[1]
    yield start
    for server in servers:
        server.shutdown()
        server.server_close()


def test_answers_from_another_server_over_one_connection_are_recorded_as_switched(connections, fake_server):
    client = connections(fake_server('switch'), '--connections', 3, '--interval', 0.2, '--duration', 1.5)
    client.ready()
    report = client.report(timeout=20)
    check_totals(report)
    totals = report['totals']
    assert (totals['failed'], totals['broken'], totals['connections_opened']) == (0, 0, 3)
    assert totals['switched'] == len(report['switched']) == totals['ok'] - 3
    first = report['switched'][0]
    assert (first['from'], first['to']) in (('a', 'b'), ('b', 'a'))
    assert report['per_connection'][0]['servers'].keys() == {'a', 'b'}


def test_another_status_than_200_fails_the_request_but_keeps_the_connection(connections, fake_server):
    client = connections(fake_server('503'), '--connections', 3, '--interval', 0.2, '--duration', 1.5)
    report = client.report(timeout=20)   # never READY: nothing was answered with 200
    check_totals(report)
    totals = report['totals']
    assert report['ready'] is None
    assert totals['ok'] == 0 and totals['failed'] == totals['requests'] == report['errors']['status 503']
    assert (totals['broken'], totals['connect_failures'], totals['connections_opened']) == (0, 0, 3)


def test_answers_with_connection_close_reconnect_without_a_break(connections, fake_server):
    client = connections(fake_server('close'), '--connections', 3, '--interval', 0.2, '--duration', 1.5)
    client.ready()
    report = client.report(timeout=20)
    check_totals(report)
    totals = report['totals']
    assert (totals['failed'], totals['broken']) == (0, 0)
    assert totals['connections_opened'] == totals['closed_by_server'] == totals['ok']


def test_unanswered_requests_time_out_and_break_the_connection(connections, fake_server):
    client = connections(fake_server('silent'), '--connections', 2, '--interval', 0.2, '--timeout', 0.5,
                         '--duration', 2.2)
    report = client.report(timeout=20)
    check_totals(report)
    totals = report['totals']
    assert totals['ok'] == 0 and totals['failed'] >= 4
    assert totals['broken'] == totals['failed'] == report['errors']['timeout']
    # a new connection for each request; those of the requests in flight at the end were not broken
    assert 0 <= totals['connections_opened'] - totals['broken'] <= 2


def test_an_unparseable_answer_breaks_the_connection(connections, fake_server):
    client = connections(fake_server('garbage'), '--connections', 2, '--interval', 0.2, '--duration', 1)
    report = client.report(timeout=20)
    check_totals(report)
    totals = report['totals']
    assert totals['broken'] == totals['failed'] == totals['requests'] >= 4
    assert 0 <= totals['connections_opened'] - totals['broken'] <= 2
    assert list(report['errors']) == ["bad answer: status line 'HELLO'"]
