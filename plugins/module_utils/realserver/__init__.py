# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""What an LVS real server needs, planned without touching the host.

Pure Python (standard library, and the keepalived model's interface-name rule): the module
``lvs.cluster.lvs_realserver`` observes the host (``ip -o addr show``, ``ip -o link show``, /proc/sys, its files,
its state file), hands that to ``plan.plan()`` and applies the actions that come back. Everything that decides is
here, so it is unit-tested without root.

- ``spec.py``       the module's defaults and the input checks its argument_spec cannot express
- ``ip.py``         what ``ip`` prints: addresses, links, default routes
- ``kernel.py``     the devices (lo, tunl0) and the kernel values a real server needs, in sysctl(8)'s names
- ``addresses.py``  the addresses a real server carries, with stable IPv4 labels
- ``record.py``     the state file: what the module added or changed, with the kernel values it found before
                    changing them, so that ``state=absent`` undoes exactly that
- ``render.py``     the sysctl.d file and the systemd unit that make it survive a reboot
- ``plan.py``       what to do, section by section; ``diff.py`` the diff shown for it
"""
