# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Everything to do on a real server, planned from what the module observed; one function per part of the host."""

from __future__ import absolute_import, division, print_function

from ansible_collections.lvs.cluster.plugins.module_utils.realserver.addresses import desired_addresses, public
from ansible_collections.lvs.cluster.plugins.module_utils.realserver.diff import diff
from ansible_collections.lvs.cluster.plugins.module_utils.realserver.kernel import (
    TUNNEL, TUNNEL_KERNEL_MODULE, desired_sysctls, key_interface)
from ansible_collections.lvs.cluster.plugins.module_utils.sysctl import proc_path
from ansible_collections.lvs.cluster.plugins.module_utils.realserver.record import (
    dump_record, empty_record, merge_records)
from ansible_collections.lvs.cluster.plugins.module_utils.realserver.render import (
    render_sysctl_file, render_unit, unit_path)
from ansible_collections.lvs.cluster.plugins.module_utils.realserver.spec import problem


def keys_to_observe(spec, record):
    """The sysctl keys whose current values ``plan()`` needs: the wanted ones and the recorded ones."""
    keys = [key for key, dummy in desired_sysctls(spec)]
    keys.extend(key for key in sorted(record['sysctl_originals']) if key not in keys)
    return keys


def files_to_observe(spec, record):
    paths = [spec['sysctl_file'], unit_path(spec)]
    paths.extend(path for path in record['files'] if path not in paths)
    return paths


def unique(items):
    seen = []
    for item in items:
        if item not in seen:
            seen.append(item)
    return seen


def plan(spec, observed):
    """Everything to do for ``spec`` on a host that looks like ``observed``.

    ``observed`` keys:

    - ``addresses``   ip.parse_ip_addr() of ``ip -o addr show``
    - ``links``       ip.parse_ip_link() of ``ip -o link show``
    - ``sysctls``     {key: current value or None when the key does not exist} for keys_to_observe()
    - ``files``       {path: text or None} for files_to_observe()
    - ``record``      record.load_record() of the state file, ``state_text`` its text (None: no file)
    - ``systemd``     True when systemd is the running init (/run/systemd/system exists)
    - ``unit_enabled`` {unit name: bool} from ``systemctl is-enabled`` (only with systemd)
    - ``default_routes`` ip.parse_default_routes() when ``director_address`` is given, else None
    - ``ip``, ``modprobe`` absolute paths of the programs (``modprobe`` may be None)
    - ``kernel_modules_loaded`` the kernel modules this run already loaded (the module loads ipip
      before planning for real, so that tunl0's original values can be recorded)

    Returns a dict: ``errors`` (nothing may be changed when not empty), ``warnings``, the ordered
    actions (``load_modules``, ``sysctl_set``, ``links_up``, ``address_add``, ``address_remove``,
    ``sysctl_restore``, ``links_down``, ``unload_modules``, ``unit_disable``, ``files`` (path: text or
    None to remove), ``daemon_reload``, ``unit_enable``), ``record_first``/``record_last`` (state file
    texts to write before and after the changes; None removes it), ``changed``, ``result`` and ``diff``.
    """
    record = observed['record']
    errors, warnings = [], []
    new = empty_record()  # the record after this run; each part fills in its own keys
    new['method'] = spec['method'] if spec['state'] == 'present' else None

    actions = _tunnel(spec, observed, record, new, errors)
    wanted = desired_addresses(spec, observed['addresses'], record)
    actions.update(_addresses(wanted, observed['addresses'], record, new, errors, warnings))
    wanted_sysctls = desired_sysctls(spec)
    sysctl_changes = _kernel_values(spec, wanted_sysctls, observed, record, new, errors, actions)
    actions['files'] = _files(spec, wanted_sysctls, wanted, observed, record, new)
    actions.update(_unit(spec, wanted, observed, record, new, actions['files'], warnings))
    route = _default_route(spec, observed, warnings)

    record_last = dump_record(new) if not errors else None
    record_first = dump_record(merge_records(record, new)) if not errors else None
    state_text = observed.get('state_text')
    writes_record_first = record_first is not None and record_first != state_text
    changed = any(bool(value) for value in actions.values()) or record_last != state_text
    files_written = sorted(path for path, text in actions['files'].items() if text is not None)
    files_removed = sorted(path for path, text in actions['files'].items() if text is None)
    if record_last != state_text or writes_record_first:
        (files_written if record_last is not None else files_removed).append(spec['state_file'])

    systemd = bool(observed.get('systemd'))
    enabled = observed.get('unit_enabled') or {}
    result = dict(
        changed=changed, state=spec['state'], method=spec['method'],
        addresses=[public(entry) for entry in wanted],
        added_addresses=[public(entry) for entry in actions['address_add']],
        removed_addresses=[public(entry) for entry in actions['address_remove']],
        sysctls=sysctl_changes,
        files_written=files_written, files_removed=files_removed,
        unit=dict(name=spec['unit_name'], path=unit_path(spec), systemd=systemd, written=bool(wanted),
                  enabled=bool(wanted and systemd and (enabled.get(spec['unit_name']) or actions['unit_enable']))),
        kernel_modules_loaded=actions['load_modules'] or list(observed.get('kernel_modules_loaded') or []),
        kernel_modules_unloaded=actions['unload_modules'],
        default_route=route,
    )
    plan_result = dict(actions)
    plan_result.update(errors=errors, warnings=warnings, record_first=record_first if writes_record_first else None,
                       record_last=record_last,
                       state_changes=record_last != (record_first if writes_record_first else state_text),
                       changed=changed, result=result,
                       diff=diff(spec, observed, actions, wanted, record, sysctl_changes, keys_to_observe(spec, record)))
    return plan_result


def _tunnel(spec, observed, record, new, errors):
    """TUN: the ipip kernel module and tunl0 up; otherwise what an earlier TUN run loaded and brought up, undone."""
    links = observed.get('links') or {}
    actions = dict(load_modules=[], links_up=[], links_down=[], unload_modules=[])
    loaded_now = list(observed.get('kernel_modules_loaded') or [])
    if spec['state'] == 'present' and spec['method'] == 'TUN':
        if TUNNEL not in links:
            if not observed.get('modprobe') and not loaded_now:
                errors.append(problem('method', 'TUN', 'needs the %s kernel module, but there is no %s on this host '
                                      'and modprobe was not found' % (TUNNEL_KERNEL_MODULE, TUNNEL),
                                      'install kmod (modprobe), or use a kernel with ipip built in'))
            else:
                actions['load_modules'].append(TUNNEL_KERNEL_MODULE)
        new['kernel_modules_loaded'] = sorted(set(loaded_now + actions['load_modules']
                                                  + list(record['kernel_modules_loaded'])))
        if not links.get(TUNNEL, {}).get('up'):
            actions['links_up'].append(TUNNEL)
        new['links_brought_up'] = sorted(set(record['links_brought_up'] + actions['links_up']))
    else:
        for name in record['links_brought_up']:
            if links.get(name, {}).get('up'):
                actions['links_down'].append(name)
        actions['unload_modules'] = list(record['kernel_modules_loaded'])
    return actions


def _addresses(wanted, addresses, record, new, errors, warnings):
    """The wanted addresses added; the ones this module added before and no longer wanted, removed."""
    by_place = dict(((a['device'], a['address']), a) for a in addresses)
    recorded = dict(((a['device'], a['address']), a) for a in record['addresses'])
    wanted_places = set((w['device'], w['address']) for w in wanted)
    address_add, address_remove = [], []
    for entry in wanted:
        place = (entry['device'], entry['address'])
        current = by_place.get(place)
        added = recorded.get(place, {}).get('added', False)
        if current is None:
            address_add.append(entry)
            added = True
        elif current['prefix'] != entry['prefix']:
            errors.append(problem('vips', entry['address'], 'is already on %s as /%d, not /%d' % (
                entry['device'], current['prefix'], entry['prefix']), 'remove it first (ip addr del %s/%d dev %s); '
                'a wider prefix on %s makes this host claim the whole network' % (
                    entry['address'], current['prefix'], entry['device'], entry['device'])))
        new['addresses'].append(dict(device=entry['device'], address=entry['address'], prefix=entry['prefix'],
                                     label=entry['label'], added=added))
        elsewhere = sorted(a['device'] for a in addresses
                           if a['address'] == entry['address'] and a['device'] != entry['device'])
        if elsewhere:
            warnings.append('%s is also on %s: this real server will answer ARP or neighbour requests for it there '
                            'and take traffic meant for the director; remove it from %s'
                            % (entry['address'], ', '.join(elsewhere), ', '.join(elsewhere)))
    for place, entry in sorted(recorded.items()):
        if place in wanted_places or not entry['added']:
            continue
        current = by_place.get(place)
        if current is not None and current['prefix'] == entry['prefix']:
            address_remove.append(dict(entry, family=6 if ':' in entry['address'] else 4))
    return dict(address_add=address_add, address_remove=address_remove)


def _kernel_values(spec, wanted_sysctls, observed, record, new, errors, actions):
    """``sysctl_set`` and ``sysctl_restore`` into ``actions``, recording each original before it changes; returns
    {key: {before, after}} of every value that changes."""
    sysctls = observed['sysctls']
    tunnel_wanted = spec['state'] == 'present' and spec['method'] == 'TUN'
    originals = dict(record['sysctl_originals'])
    sysctl_set, sysctl_restore, changes = [], [], {}
    wanted_keys = set(key for key, dummy in wanted_sysctls)
    missing = set()
    for key, value in wanted_sysctls:
        current = sysctls.get(key)
        if current is None:
            interface = key_interface(key)
            if interface == TUNNEL and tunnel_wanted:
                pass  # tunl0 appears when ipip is loaded (a missing ipip is reported by _tunnel)
            elif interface in missing:
                continue
            elif interface == spec['interface']:
                missing.add(interface)
                errors.append(problem('interface', interface, 'does not exist on this host (no /proc/sys/%s)'
                                      % proc_path(key).rsplit('/', 1)[0],
                                      'give the name of an existing interface (ip -o link show), or leave '
                                      'interface out'))
                continue
            else:
                errors.append('%s: cannot be read on this host (/proc/sys/%s). Fix: run the module on a Linux host '
                              'with IPv4, as root' % (key, proc_path(key)))
                continue
        if current != value:
            sysctl_set.append((key, value))
            changes[key] = dict(before=current, after=value)
            if originals.get(key) is None:  # None: not recorded, or the key did not exist then (tunl0)
                originals[key] = current
    for key, original in sorted(originals.items()):
        if key in wanted_keys:
            continue
        current = sysctls.get(key)
        if original is not None and current is not None and current != original:
            sysctl_restore.append((key, original))
            changes[key] = dict(before=current, after=original)
    new['sysctl_originals'] = dict((k, v) for k, v in originals.items() if k in wanted_keys)
    actions.update(sysctl_set=sysctl_set, sysctl_restore=sysctl_restore)
    return changes


def _files(spec, wanted_sysctls, wanted, observed, record, new):
    """{path: text, or None to remove} of the module's files that differ from what is wanted."""
    wanted_files = {}
    if wanted_sysctls:
        wanted_files[spec['sysctl_file']] = render_sysctl_file(spec, wanted_sysctls)
    if wanted:
        wanted_files[unit_path(spec)] = render_unit(spec, wanted, observed['ip'], observed.get('modprobe'))
    file_actions = {}
    for path in files_to_observe(spec, record):  # the module's own paths: a file there that is not wanted goes
        text = wanted_files.get(path)
        if observed['files'].get(path) != text:
            file_actions[path] = text
    new['files'] = sorted(wanted_files)
    return file_actions


def _unit(spec, wanted, observed, record, new, file_actions, warnings):
    """The unit enabled when there are addresses to put back at boot; a renamed or unneeded one disabled."""
    unit_disable, unit_enable, daemon_reload = [], [], False
    enabled = observed.get('unit_enabled') or {}
    if wanted:
        new['unit'] = spec['unit_name']
    to_drop = [name for name in (record.get('unit'), spec['unit_name']) if name and name != new['unit']]
    if observed.get('systemd'):
        for name in unique(to_drop):
            if enabled.get(name):
                unit_disable.append(name)
        daemon_reload = any(path.endswith('.service') for path in file_actions)
        if wanted and not enabled.get(spec['unit_name']):
            unit_enable.append(spec['unit_name'])
    elif wanted:
        warnings.append('systemd is not running on this host, so %s was written but could not be enabled: the '
                        'addresses will not come back after a reboot until it is enabled (systemctl enable %s)'
                        % (unit_path(spec), spec['unit_name']))
    return dict(unit_disable=unit_disable, daemon_reload=daemon_reload, unit_enable=unit_enable)


def _default_route(spec, observed, warnings):
    """NAT: whether the default route goes through the director (checked only, never changed); None otherwise."""
    if spec['state'] != 'present' or spec['method'] != 'NAT':
        return None
    if not spec['director_address']:
        return dict(checked=False, director_address=None, gateways=None, through_director=None)
    gateways = observed.get('default_routes') or []
    through = spec['director_address'] in gateways
    if not through:
        warnings.append('the default route goes %s, not through the director %s: with LVS-NAT the replies '
                        'must go back through the director, or clients get them from the wrong address. '
                        'Fix: make %s the default gateway of this host' % (
                            'through ' + ', '.join(gateways) if gateways else 'nowhere (there is none)',
                            spec['director_address'], spec['director_address']))
    return dict(checked=True, director_address=spec['director_address'], gateways=gateways, through_director=through)
