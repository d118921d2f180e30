"""experta's RETE network made cheaper to run and to start: the same matching.

1. Faster stand-ins for experta's node classes (less copying); 2. the built network
cached on disk, so a new process need not build it again (below).

experta copies a token (a set and a dict, with type checks on every fact) each time
a node receives it (``OneInputNode.activate``, ``TwoInputNode.activate_left/right``),
so that a node may change the token it passes on. Only one node ever changes a
token: a feature tester whose test binds a variable (``token.context.update``). Every
other node reads the token, stores immutable ``to_info()`` copies in its memory,
or builds new tokens. So the copy is only needed there, and the subclasses below
copy exactly there and nowhere else; they run experta's own ``_activate`` methods.
A feature tester does the three commonest tests (the fact's type; a field equal to a
literal; capturing the fact) itself instead of calling experta's check object, and a rule's hash is
computed once instead of at every activation (``FastRule``).

``speed_up(root)`` gives every node of a built network its faster class and points
the parents' callbacks at the new methods. The tests compare every run against
plain experta (tests/test_engine_speedups.py). experta's MATCHER debug log lines for
node activations are not written by these classes (the project never enables them).
"""
from __future__ import annotations

import fnmatch
import hashlib
import io
import os
import pickle
import sys
import threading
from collections.abc import Mapping
from pathlib import Path

from ._experta import (Activation, ChildNode, ConditionalElement, ConflictSetNode, Fact, FactCapture, FeatureCheck, FeatureTesterNode, L,
                       NotNode, OrdinaryMatchNode, P, Rule, Token, TokenInfo, TypeCheck, W, WhereCheck, WhereNode,
                       experta_version)


TYPE, LITERAL, CAPTURE, PREDICATE, BIND = 0, 1, 2, 3, 4


def _bound(context: dict, match) -> dict | None:
    """experta's FeatureTesterNode._activate for a test that binds (``match`` a mapping):
    the token's new context, or None when a binding contradicts the token's context."""
    for key, value in match.items():
        if isinstance(key, tuple):  # negated condition
            if key[1] in context and context[key[1]] == value:
                return None
        else:
            if context.get(key, value) != value:
                return None
            if (False, key) in context and context[(False, key)] == value:
                return None
    new = dict(context)
    new.update(match)
    return new


class FastFeatureTester(FeatureTesterNode):
    # (TYPE, class) for experta's TypeCheck, (LITERAL, field, value) for a FeatureCheck of a
    # plain field against a literal without a binding, (CAPTURE, name) for a FactCapture,
    # (PREDICATE, field, P) for a FeatureCheck of a plain field against a predicate without a
    # binding, (BIND, field, name) for one that binds the field (W): the same test, done here
    # without calling the check object (and its log call); None: call it.
    fast_test = None

    def activate(self, token):
        data = token.data
        if len(data) != 1:
            raise ValueError("a feature tester gets tokens of one fact")
        for fact in data:
            test = self.fast_test
            if test is None:
                match = self.matcher(fact)
                if not match:
                    return
                if isinstance(match, Mapping):
                    context = _bound(token.context, match)
                    if context is None:
                        return
                    token = _token(token.tag, data, context)
            elif test[0] == LITERAL:  # FeatureCheck with L(value): value == fact[what]
                try:
                    actual = fact[test[1]]
                except (IndexError, KeyError, TypeError):
                    return
                if not test[2] == actual:
                    return
            elif test[0] == TYPE:  # TypeCheck: type(fact) == fact_type
                if type(fact) != test[1]:
                    return
            elif test[0] == PREDICATE:  # FeatureCheck with P(match): match(fact[what])
                try:
                    actual = fact[test[1]]
                except (IndexError, KeyError, TypeError):
                    return
                if not test[2].match(actual):
                    return
            elif test[0] == BIND:  # FeatureCheck with W(name): {name: fact[what]}
                try:
                    actual = fact[test[1]]
                except (IndexError, KeyError, TypeError):
                    return
                context = _bound(token.context, {test[2]: actual})
                if context is None:
                    return
                token = _token(token.tag, data, context)
            else:  # FactCapture: {name: fact}
                if token.context:
                    context = _bound(token.context, {test[1]: fact})
                    if context is None:
                        return
                else:  # nothing bound yet: nothing to contradict (what _bound would find)
                    context = {test[1]: fact}
                token = _token(token.tag, data, context)
            for child in self.children:
                child.callback(token)


def _token(tag, data, context):
    """A token with a new context on the same data (experta's Token.copy copies the data too,
    re-checking every fact; no node ever changes a token's data, so it can be shared)."""
    return tuple.__new__(Token, (tag, data, context))


class FastWhere(WhereNode):
    def activate(self, token):
        self._activate(token)


class HashedActivation(Activation):
    """experta's Activation with its hash worked out once, from the frozensets the conflict-set
    node builds anyway (experta hashes the rule, the facts and the context again at every
    lookup). The same value as ``Activation.__hash__``; equality is experta's."""

    def __hash__(self):
        return self._hash


_VALID, _INVALID = Token.TagType.VALID, Token.TagType.INVALID


class FastConflictSet(ConflictSetNode):
    # dicts the matcher (engine.FastMatcher) gives every conflict-set node, in which it notes
    # itself when a token reaches it: since the last change, and since the last reset
    touched = used = None

    def _activate(self, token):
        """experta's ConflictSetNode._activate, step for step, with the token's frozensets made
        once (the TokenInfo and the activation share them), the activation's hash computed once,
        and no lookup in an empty set; then noted as reached (``touched``, ``used``)."""
        data = frozenset(token.data)  # the same object when the data is a frozenset already
        context = frozenset(token.context.items())
        info = tuple.__new__(TokenInfo, (data, context))
        named = {k: v for k, v in context if isinstance(k, str)}
        # what Activation.__init__ sets, without its copy of the facts into a set (the frozenset serves)
        activation = HashedActivation.__new__(HashedActivation)
        activation.rule, activation.facts, activation.key, activation.context = self.rule, data, None, named
        activation._hash = hash((self.rule, data, context if len(named) == len(context)
                                 else frozenset(named.items())))
        if token.tag is _VALID:
            if info not in self.memory:
                self.memory.add(info)
                if self.removed and activation in self.removed:
                    self.removed.remove(activation)
                else:
                    self.added.add(activation)
        else:
            try:
                self.memory.remove(info)
            except ValueError:  # as experta (a set raises KeyError, which experta lets through)
                pass
            else:
                if self.added and activation in self.added:
                    self.added.remove(activation)
                else:
                    self.removed.add(activation)
        if self.touched is not None:
            self.touched[id(self)] = self
            self.used[id(self)] = self

    activate = _activate  # one call per token, not two


def _info(token):
    """``token.to_info()`` without TokenInfo's constructor call (the same frozensets)."""
    return tuple.__new__(TokenInfo, (frozenset(token.data), frozenset(token.context.items())))


class FastOrdinaryMatch(OrdinaryMatchNode):
    """experta's join, step for step (``OrdinaryMatchNode.__activation``), with its tokens and
    token infos made directly and without its MATCH log calls."""

    def activate_left(self, token):
        self._join(token, self.left_memory, self.right_memory, True)

    def activate_right(self, token):
        self._join(token, self.right_memory, self.left_memory, False)

    _activate_left, _activate_right = activate_left, activate_right

    def _join(self, token, branch_memory, matching_memory, is_left):
        if token.tag is _VALID:
            branch_memory.append(_info(token))
        else:
            try:
                branch_memory.remove(_info(token))
            except ValueError:
                pass
        context = token.context
        for other_data, other_context in matching_memory:
            other_context = dict(other_context)
            if is_left:
                match = self.matcher(context, other_context)
            else:
                match = self.matcher(other_context, context)
            if match:
                newcontext = {k: v for k, v in context.items() if isinstance(k, str)}
                for k, v in other_context.items():
                    if not isinstance(k, tuple):  # negated values are not needed any further
                        newcontext[k] = v
                newtoken = tuple.__new__(Token, (token.tag, token.data | other_data, newcontext))
                for child in self.children:
                    child.callback(newtoken)


class FastNot(NotNode):
    """experta's NotNode, step for step, with token infos and tokens made directly."""

    def activate_left(self, token):
        info = _info(token)
        right = self.right_memory
        if not right:
            if token.tag is _VALID:
                self.left_memory[info] = 0
            else:
                del self.left_memory[info]
            for child in self.children:
                child.callback(token)
        elif token.tag is _VALID:
            count = 0
            for _, right_context in right:
                if self.matcher(token.context, dict(right_context)):
                    count += 1
            if count == 0:
                for child in self.children:
                    child.callback(token)
            self.left_memory[info] = count
        else:
            count = 0
            for _, right_context in right:
                if self.matcher(token.context, dict(right_context)):
                    count += 1
                    break
            if count == 0:
                for child in self.children:
                    child.callback(token)
            del self.left_memory[info]

    def activate_right(self, token):
        if token.tag is _VALID:
            self.right_memory.append(_info(token))
            inc = 1
        else:
            inc = -1
            self.right_memory.remove(_info(token))
        left_memory = self.left_memory
        for left in left_memory:
            if self.matcher(dict(left.context), token.context):
                left_memory[left] += inc
                newcount = left_memory[left]
                if (newcount == 0 and inc == -1) or (newcount == 1 and inc == 1):
                    # experta's left.to_valid_token() / to_invalid_token()
                    newtoken = tuple.__new__(Token, (_VALID if inc == -1 else _INVALID, left.data, dict(left.context)))
                    for child in self.children:
                        child.callback(newtoken)

    _activate_left, _activate_right = activate_left, activate_right


def _fast_test(matcher):
    """``FastFeatureTester.fast_test`` for a matcher, or None when it must be called."""
    if type(matcher) is TypeCheck:
        return TYPE, matcher.fact_type
    if type(matcher) is FactCapture:
        return CAPTURE, matcher.bind
    if type(matcher) is not FeatureCheck or not isinstance(matcher.what, str) or "__" in matcher.what \
            or matcher.what.isnumeric():
        return None
    how = matcher.how
    if type(how) is L and how.__bind__ is None:
        return LITERAL, matcher.what, how.value
    if type(how) is P and how.__bind__ is None:
        return PREDICATE, matcher.what, how
    if type(how) is W and how.__bind__ is not None:
        return BIND, matcher.what, how.__bind__
    return None


class FastRule(Rule):
    """A rule in the network, its hash computed once: experta hashes the rule (every pattern
    in it) for each activation, and a rule's conditions and action never change once built."""

    def __hash__(self):
        known = self.__dict__.get("_network_hash")
        if known is None:
            known = self.__dict__["_network_hash"] = Rule.__hash__(self)
        return known


FASTER = {FeatureTesterNode: FastFeatureTester, WhereNode: FastWhere, ConflictSetNode: FastConflictSet,
          OrdinaryMatchNode: FastOrdinaryMatch, NotNode: FastNot}


def all_nodes(root) -> list:
    """Every node of the network once, parents before their children."""
    nodes, seen, stack = [], set(), [root]
    while stack:
        node = stack.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        nodes.append(node)
        stack.extend(child.node for child in node.children)
    return nodes


def has_memory_kind(kind: type) -> bool:
    """Whether resetting a node of this class does anything (experta's NoMemory nodes reset nothing)."""
    return kind._reset is not FeatureTesterNode._reset


def speed_up(root) -> None:
    """Give every experta node of the network under ``root`` its faster class, and re-point
    each parent's callback (a method bound when the network was built) at the new method."""
    nodes = all_nodes(root)
    for node in nodes:
        faster = FASTER.get(type(node))
        if faster is not None:
            node.__class__ = faster
        if faster is FastFeatureTester:
            node.fast_test = _fast_test(node.matcher)
        elif faster is FastConflictSet and type(node.rule) is Rule:
            node.rule.__class__ = FastRule
    for node in nodes:
        children = node.children
        for i, child in enumerate(children):
            callback = child.callback
            if getattr(callback, "__self__", None) is child.node and type(child.node) in FASTER.values():
                children[i] = type(child)(child.node, getattr(child.node, callback.__func__.__name__))


# -- the built network, cached on disk -------------------------------------------------
# Building the RETE network (experta's disjunctive normal form of every rule, then the
# alpha and beta parts) is most of a cold start. The network depends only on the rules,
# so it is built once and kept, pickled, in the user's cache folder (kennisbank's, see
# ``kennisbank._cache_dir``; COALITIE_GEEN_CACHE=1 switches it off), under a key made
# from the content of every file that can shape a rule: rules/, the knowledge files and
# their schema, diagnose/*.py, and the experta and Python versions. A changed record is a new key.
#
# Rule actions and predicates are functions (closures, lambdas) that pickle cannot
# store. They stay out of the file: each is stored as its place in the live rules
# (rule name and position in the left-hand side), and loading puts the live function
# back there, so the rules the engine runs are always those of this process. A file
# that cannot be read, or does not fit the live rules, is ignored and rebuilt.

CACHE_FORMAT = 3  # 2: a conflict-set node's rule without its conditions; 3: tuples made in C
_ROOT = Path(__file__).resolve().parent.parent
_SHAPING = [("rules", "*"), ("kennisbank", "*.yaml"), ("kennisbank", "*.py"), ("kennisbank/gebieden", "*.yaml"),
            ("diagnose", "*.py")]


def _shaping_files() -> list[tuple[str, os.DirEntry]]:
    """Every file of ``_SHAPING`` as (folder, entry), in a fixed order (what ``Path.glob`` finds)."""
    found = []
    for folder, pattern in _SHAPING:
        try:
            with os.scandir(_ROOT / folder) as entries:
                chosen = [e for e in entries if not e.name.startswith(".") and fnmatch.fnmatchcase(e.name, pattern)
                          and e.is_file()]
        except OSError:
            continue
        found += [(folder, e) for e in sorted(chosen, key=lambda e: e.name)]
    return found


def _versions() -> str:
    return f"{CACHE_FORMAT}|{sys.version}|{experta_version}|{pickle.DEFAULT_PROTOCOL}"


def source_digest(files: list | None = None) -> str:
    """A digest of everything a rule's left-hand side can depend on (and of the versions)."""
    h = hashlib.sha256(_versions().encode())
    for folder, entry in _shaping_files() if files is None else files:
        h.update(f"\0{folder}/{entry.name}\0".encode())
        with open(entry.path, "rb") as fh:
            h.update(fh.read())
    return h.hexdigest()


_SETTLED = 2.0  # seconds: a file changed more recently is hashed at every start, never looked up by its stat


def indexed_digest() -> str:
    """``source_digest()``, looked up in the cache by the files' stat (size, mtime, ctime, inode:
    any write or replacement changes one of them, as git's index relies on) instead of reading
    them all; hashed, and noted under that stat, when it is not there. A file changed within
    ``_SETTLED`` seconds could change again within one tick of the file system's clock unseen,
    so then the files are hashed and nothing is noted (git's "racy" rule)."""
    import time
    files = _shaping_files()
    try:
        stats = [(folder, e.name, st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino, st.st_dev)
                 for folder, e in files for st in (e.stat(),)]
    except OSError:
        return source_digest(files)
    from ..kennisbank import _cache_dir, cache_read, cache_write
    folder = _cache_dir()
    settled = time.time_ns() - int(_SETTLED * 1e9)
    if folder is None or any(max(s[3], s[4]) > settled for s in stats):
        return source_digest(files)
    key = hashlib.sha256(repr((_versions(), str(_ROOT), stats)).encode()).hexdigest()
    path = folder / f"inhoud-{key[:32]}"
    stored = cache_read(path)
    if stored is not None and len(stored) == 64 and stored.isalnum():
        return stored.decode("ascii")
    digest = source_digest(files)
    cache_write(path, digest.encode("ascii"))
    return digest


_digest_lock = threading.Lock()
_digest: str | None = None


def process_digest() -> str:
    """``source_digest()`` worked out once per process (through ``indexed_digest``): the compiled
    rules and the network are built once per process, both from the files as they were then."""
    global _digest
    with _digest_lock:
        if _digest is None:
            _digest = indexed_digest()
        return _digest


def _places(rules_by_name: dict) -> dict:
    """Every function in the rules (actions, predicates, TEST functions) by its place:
    (rule name, "rhs") or (rule name, index, field or index, ...)."""
    found: dict = {}

    def walk(obj, place):
        if isinstance(obj, Fact):
            for key, value in obj.items():
                walk(value, place + (key,))
        elif isinstance(obj, tuple):
            for i, x in enumerate(obj):
                walk(x, place + (i,))
        elif callable(obj) and not isinstance(obj, type):
            found.setdefault(place, obj)

    for name in sorted(rules_by_name):
        rule = rules_by_name[name]
        found[(name, "rhs")] = rule._wrapped
        walk(tuple(rule), (name,))
    return found


def _tuple_with_state(cls, items: tuple, state: dict) -> tuple:
    """pickle's reduce value for a tuple subclass with attributes (experta's rules, patterns,
    constraints): made by ``tuple.__new__`` and its attributes set by pickle itself, both in
    C, without the class's constructor or a Python call per object (thousands at every start)."""
    return tuple.__new__, (cls, items), state


def _rebuild_fact(cls, items, state):
    obj = dict.__new__(cls)
    dict.update(obj, items)
    obj.__dict__.update(state)
    return obj


# What a conflict-set node's rule is used for once the network is built: its action (and
# the arguments it takes), salience and name (experta's Rule.__call__, the agenda's key, logs).
_NETWORK_RULE = ("_wrapped", "_wrapped_args", "_wrapped_self", "salience", "__name__")


class _Pickler(pickle.Pickler):
    def __init__(self, file, places: dict):
        super().__init__(file, protocol=pickle.DEFAULT_PROTOCOL)
        self._place_of = {id(fn): place for place, fn in places.items()}

    def persistent_id(self, obj):
        if callable(obj) and not isinstance(obj, type):
            return self._place_of.get(id(obj))
        return None

    def reducer_override(self, obj):
        if type(obj) is FastRule:
            # A conflict-set node's rule, kept without its conditions and its docstring:
            # once the network is built, the network holds the conditions, and the node
            # needs of its rule only what _NETWORK_RULE keeps, with a hash and an equality
            # that tell it from the other rules (each rule has its own action). Otherwise
            # these copies were half of the file and of the time it takes to load.
            return _tuple_with_state(FastRule, (), {k: getattr(obj, k) for k in _NETWORK_RULE})
        if isinstance(obj, ConditionalElement):  # tuples with attributes (rules, patterns, constraints)
            return _tuple_with_state(type(obj), tuple(obj), {k: v for k, v in vars(obj).items() if k != "_network_hash"})
        if type(obj) is ChildNode:  # a plain named tuple: not through its Python constructor either
            return tuple.__new__, (ChildNode, tuple(obj))
        if isinstance(obj, Fact):  # a hash cached in the fact depends on this process's hash seed
            return _rebuild_fact, (type(obj), dict(obj), {k: v for k, v in vars(obj).items() if k != "_hash"})
        if type(obj) is FeatureCheck:  # holds a function local to experta: made again from (what, how)
            return FeatureCheck, (obj.what, obj.how)
        if type(obj) is WhereCheck:
            return WhereCheck, (obj.test,)
        return NotImplemented


def _at_place(rules_by_name: dict, place: tuple):
    """The function at ``place`` (as ``_places`` names it), found by following the place
    itself rather than walking every rule: a loading process needs only the few it names."""
    name, *path = place
    rule = rules_by_name[name]
    if path == ["rhs"]:
        return rule._wrapped
    obj = tuple(rule)
    for step in path:
        obj = obj[step]
    if not callable(obj) or isinstance(obj, type):
        raise KeyError(place)
    return obj


class _Unpickler(pickle.Unpickler):
    def __init__(self, file, rules_by_name: dict):
        super().__init__(file)
        self._rules = rules_by_name

    def persistent_load(self, place):
        return _at_place(self._rules, place)  # KeyError, IndexError: the file does not fit these rules


def cache_file(kind: str, digest: str, suffix: str = ".pickle") -> Path | None:
    """The cache file for ``kind`` ("netwerk", "regels") under ``digest``; None: no cache."""
    from ..kennisbank import _cache_dir
    folder = _cache_dir()
    if folder is None:
        return None
    return folder / f"{kind}-{digest}{suffix}"


def _names_digest(rules_by_name: dict) -> str:
    """A short digest of which rules there are (part of every cache name for these rules)."""
    return hashlib.sha256("\n".join(sorted(rules_by_name)).encode()).hexdigest()[:12]


def _cache_file(digest: str, rules_by_name: dict) -> Path | None:
    return cache_file("netwerk", f"{digest[:24]}-{_names_digest(rules_by_name)}")


def _validated_file(rules_by_name: dict) -> Path | None:
    import pydantic  # the knowledge the check reads is validated by pydantic
    return cache_file("gecontroleerd", f"{process_digest()[:24]}-{_names_digest(rules_by_name)}-{pydantic.VERSION}", "")


def validated_before(rules_by_name: dict) -> bool:
    """Whether a process checked these very rules against this knowledge already and found
    them sound (``note_validated``): the key covers every file that shapes a rule or the
    knowledge it names, so any edit means a new check."""
    path = _validated_file(rules_by_name)
    if path is None:
        return False
    from ..kennisbank import cache_read
    return cache_read(path) == path.name.encode()


def note_validated(rules_by_name: dict) -> None:
    """Best effort: remember for later processes that these rules passed the check."""
    path = _validated_file(rules_by_name)
    if path is not None:
        from ..kennisbank import cache_write
        cache_write(path, path.name.encode())


class _RulePickler(_Pickler):
    """Rules by value (the compiled record rules: their actions and predicates are small
    classes, not closures), without what a process binds to them at run time."""

    def reducer_override(self, obj):
        if isinstance(obj, Rule):
            state = {k: v for k, v in vars(obj).items() if k not in ("_network_hash", "_wrapped_self")}
            return _tuple_with_state(type(obj), tuple(obj), dict(state, _wrapped_self=None))
        return super().reducer_override(obj)


def dumps(rules: dict) -> bytes:
    """The rules pickled (for ``compile.cached_records_rules``)."""
    buffer = io.BytesIO()
    _RulePickler(buffer, {}).dump(rules)
    return buffer.getvalue()


def load_network(rules_by_name: dict):
    """The cached network's root node for these rules, or None (no cache, or it does not fit)."""
    path = _cache_file(process_digest(), rules_by_name)
    if path is None:
        return None
    from ..kennisbank import cache_read
    data = cache_read(path)  # only a file this user owns and nobody else can write
    if data is None:
        return None
    try:
        root, nodes = _Unpickler(io.BytesIO(data), rules_by_name).load()
    except Exception:  # stale or damaged: build anew (and overwrite it)
        return None
    csn_kinds = {kind for kind in {type(n) for n in nodes} if issubclass(kind, ConflictSetNode)}
    conflict_rules = {n.rule._wrapped.__name__ for n in nodes if type(n) in csn_kinds}
    if conflict_rules != set(rules_by_name):
        return None
    root.nodes_found = nodes  # all_nodes(root), for the matcher that takes it (walked once)
    return root


def store_network(root, rules_by_name: dict) -> None:
    """Keep a freshly built network (memories empty) for the next process; best effort:
    a read-only or missing home simply means the next process builds it too."""
    path = _cache_file(process_digest(), rules_by_name)
    if path is None:
        return
    buffer = io.BytesIO()
    try:
        _Pickler(buffer, _places(rules_by_name)).dump((root, all_nodes(root)))  # the walk stored too
    except Exception:  # something in a rule that cannot be stored: no cache for it
        return
    from ..kennisbank import cache_write
    cache_write(path, buffer.getvalue())
