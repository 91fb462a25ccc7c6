# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""What lvs.cluster.status reads on the directors and what it makes of it.

Pure Python (standard library only, no Ansible), one job per file:

- ``keepalived_json.py``  keepalived's JSON dump (VRRP instances: state, priorities, VIPs, last transition)
- ``keepalived_check.py`` the checker process's data dump (virtual and real servers as keepalived's checkers see them)
- ``keepalived_dump.py``  asking a running keepalived for a dump (signal, wait for the file, read it)
- ``ipvs_table.py``       the kernel's IPVS table (/proc/net/ip_vs: weights, active and inactive connections)
- ``frr_bgp.py``          FRR's BGP sessions and advertised routes (vtysh ... json)
- ``routes.py``           the kernel routes lvs.cluster keeps for an active-active director's VIPs
- ``keys.py``             one name per virtual server, whoever describes it (inventory, keepalived, IPVS)
- ``expected.py``         what the inventory says the clusters should look like (from the model's derivation)
- ``assess.py``           expected against observed: one report per cluster with its verdict
- ``table.py``            the report as text, one table per cluster
- ``secrets.py``          the inventory's passwords masked in a report

IPVS's totals and rates (/proc/net/ip_vs_stats) are read by ``module_utils/ipvs_stats.py``.
"""
