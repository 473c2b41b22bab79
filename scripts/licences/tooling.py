"""Prints, one per line, the packages of this Python environment that are tooling, not stack.

Run with the stack venv's python. Tooling is pip-licenses, pip, setuptools and wheel, and whatever
they need that no stack package needs: every installed package outside their requirements is a stack
package (ministack, and anything else install.sh put there), and so is everything those require.
Requirements that apply only with an extra ("; extra == ...") are not followed.
"""
import re
from importlib import metadata

TOOLING_ROOTS = {"pip-licenses", "pip", "setuptools", "wheel"}


def normalise(name):
    return re.sub(r"[-_.]+", "-", name).lower()


def requirements(dist):
    for requirement in dist.requires or []:
        name, _, marker = requirement.partition(";")
        if re.search(r"\bextra\s*==", marker):
            continue
        match = re.match(r"\s*([A-Za-z0-9][A-Za-z0-9._-]*)", name)
        if match:
            yield normalise(match.group(1))


def closure(roots, installed):
    seen, todo = set(), [r for r in roots if r in installed]
    while todo:
        name = todo.pop()
        if name not in seen:
            seen.add(name)
            todo.extend(r for r in requirements(installed[name]) if r in installed)
    return seen


installed = {normalise(d.metadata["Name"]): d for d in metadata.distributions()}
stack = closure(set(installed) - closure(TOOLING_ROOTS, installed), installed)
for name in sorted(set(installed) - stack):
    print(name)
