/**
 * The licences that pass without an exception: OSI-approved licences, by SPDX id, plus the free-text
 * names under which Python packages report the same licences (trove classifiers, whose
 * "License :: OSI Approved :: " prefix pip-licenses strips, and common "License:" field spellings).
 * A licence that is not OSI-approved (CC0-1.0, CC-BY-*, "Public Domain", source-available licences such
 * as SSPL, BUSL, Elastic or the Camunda License) is not listed: a package under one needs an entry in
 * exceptions.json. Weak copyleft passes; strong copyleft (GPL, AGPL), although OSI-approved, needs a reviewed
 * exception too: this project is Apache-2.0 and its users embed the worker.
 */

const OSI_APPROVED = [
  // permissive
  '0BSD', 'AFL-3.0', 'Apache-1.1', 'Apache-2.0', 'Artistic-2.0', 'BlueOak-1.0.0', 'BSD-1-Clause',
  'BSD-2-Clause', 'BSD-2-Clause-Patent', 'BSD-3-Clause', 'BSL-1.0', 'ECL-2.0', 'ISC', 'MIT', 'MIT-0',
  'MS-PL', 'NCSA', 'PostgreSQL', 'PSF-2.0', 'Python-2.0', 'Unicode-3.0', 'Unicode-DFS-2016', 'Unlicense',
  'UPL-1.0', 'W3C', 'Zlib', 'ZPL-2.1',
  // weak copyleft (current and deprecated SPDX spellings)
  'EPL-1.0', 'EPL-2.0', 'MPL-1.1', 'MPL-2.0', 'MS-RL',
  'LGPL-2.1', 'LGPL-2.1-only', 'LGPL-2.1-or-later', 'LGPL-3.0', 'LGPL-3.0-only', 'LGPL-3.0-or-later',
];

/** Free-text name (compared case-insensitively) -> the SPDX id it stands for. */
const FREE_TEXT: Record<string, string> = {
  'MIT License': 'MIT',
  'MIT No Attribution License (MIT-0)': 'MIT-0',
  'Apache Software License': 'Apache-2.0',
  'Apache License 2.0': 'Apache-2.0',
  'Apache License, Version 2.0': 'Apache-2.0',
  'Apache 2.0': 'Apache-2.0',
  // The classifier does not say how many clauses; every BSD licence it is used for is OSI-approved.
  'BSD License': 'BSD-3-Clause',
  'ISC License (ISCL)': 'ISC',
  'Mozilla Public License 2.0 (MPL 2.0)': 'MPL-2.0',
  'Python Software Foundation License': 'PSF-2.0',
  'The Unlicense (Unlicense)': 'Unlicense',
  'zlib/libpng License': 'Zlib',
  'Boost Software License 1.0 (BSL-1.0)': 'BSL-1.0',
  'Eclipse Public License 2.0 (EPL-2.0)': 'EPL-2.0',
  'GNU Lesser General Public License v2 or later (LGPLv2+)': 'LGPL-2.1-or-later',
  'GNU Lesser General Public License v3 (LGPLv3)': 'LGPL-3.0-only',
  'GNU Lesser General Public License v3 or later (LGPLv3+)': 'LGPL-3.0-or-later',
  'GNU Library or Lesser General Public License (LGPL)': 'LGPL-2.1',
  'GNU General Public License v2 (GPLv2)': 'GPL-2.0-only',
  'GNU General Public License v3 (GPLv3)': 'GPL-3.0-only',
};

const allowed = new Set(OSI_APPROVED.map((id) => id.toLowerCase()));
const freeText = new Map(Object.entries(FREE_TEXT).map(([name, id]) => [name.toLowerCase(), id]));

/** The SPDX id a free-text licence name stands for, or undefined when it is not one we know. */
export function spdxIdForFreeText(text: string): string | undefined {
  return freeText.get(text.trim().toLowerCase());
}

/** Whether one licence (an SPDX id or a known free-text name; "X+" means "X or later") passes. */
export function isAllowed(licence: string): boolean {
  const text = licence.trim();
  const id = spdxIdForFreeText(text) ?? text.replace(/\+$/, '');
  return allowed.has(id.toLowerCase());
}
