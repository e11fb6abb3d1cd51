#!/usr/bin/env python3
"""Independent reference for SszTests: hash_tree_root of lstar containers, written from the SSZ spec
(consensus-specs ssz/simple-serialize.md) with the container definitions of leanSpec
src/lean_spec/spec/forks/lstar/containers/ (43246bd). leanSpec itself cannot run here (Python 3.12+ with
pydantic; PyPI unreachable), so this generic, type-driven implementation (values as Python objects, no shared
code with the C# one) computes the expected roots. Run: python3 lstar_roots.py"""
import hashlib

def h(a, b): return hashlib.sha256(a + b).digest()
ZERO = [b"\x00" * 32]
for _ in range(64): ZERO.append(h(ZERO[-1], ZERO[-1]))

def next_pow2(n):
    p = 1
    while p < n: p *= 2
    return p

def merkleize(chunks, limit=None):
    size = next_pow2(len(chunks) if limit is None else limit)
    assert len(chunks) <= size
    depth = size.bit_length() - 1
    if not chunks: return ZERO[depth]
    layer = list(chunks)
    for d in range(depth):
        if len(layer) % 2: layer.append(ZERO[d])
        layer = [h(layer[i], layer[i + 1]) for i in range(0, len(layer), 2)]
    return layer[0]

def pack(b):
    if len(b) % 32: b = b + b"\x00" * (32 - len(b) % 32)
    return [b[i:i + 32] for i in range(0, len(b), 32)]

def mix(root, n): return h(root, n.to_bytes(32, "little"))

class Uint64:
    size = 8
    @staticmethod
    def ser(v): return v.to_bytes(8, "little")
    @staticmethod
    def root(v): return v.to_bytes(32, "little")

class BytesN:
    def __init__(s, n): s.size = n
    def ser(s, v): assert len(v) == s.size; return v
    def root(s, v): return merkleize(pack(v))

class List:
    size = None
    def __init__(s, elem, limit): s.elem, s.limit = elem, limit
    def ser(s, vs):
        assert len(vs) <= s.limit
        if s.elem.size is not None: return b"".join(s.elem.ser(v) for v in vs)
        parts = [s.elem.ser(v) for v in vs]; off = 4 * len(parts); head = b""
        for p in parts: head += off.to_bytes(4, "little"); off += len(p)
        return head + b"".join(parts)
    def root(s, vs):
        roots = [s.elem.root(v) for v in vs]
        return mix(merkleize(roots, s.limit), len(vs))

class ByteList:
    size = None
    def __init__(s, limit): s.limit = limit
    def ser(s, v): return v
    def root(s, v): return mix(merkleize(pack(v), (s.limit + 31) // 32), len(v))

class Bitlist:
    size = None
    def __init__(s, limit): s.limit = limit
    def ser(s, bits):
        bits = list(bits) + [1]
        out = bytearray((len(bits) + 7) // 8)
        for i, b in enumerate(bits):
            if b: out[i // 8] |= 1 << (i % 8)
        return bytes(out)
    def root(s, bits):
        out = bytearray((len(bits) + 7) // 8)
        for i, b in enumerate(bits):
            if b: out[i // 8] |= 1 << (i % 8)
        return mix(merkleize(pack(bytes(out)), (s.limit + 255) // 256), len(bits))

class Container:
    def __init__(s, *fields): s.fields = fields
    @property
    def size(s):
        return None if any(t.size is None for _, t in s.fields) else sum(t.size for _, t in s.fields)
    def ser(s, v):
        fixed, var = [], []
        for name, t in s.fields:
            if t.size is None: fixed.append(None); var.append(t.ser(v[name]))
            else: fixed.append(t.ser(v[name])); var.append(b"")
        off = sum(4 if f is None else len(f) for f in fixed); out = b""
        for f, p in zip(fixed, var):
            if f is None: out += off.to_bytes(4, "little"); off += len(p)
            else: out += f
        return out + b"".join(var)
    def root(s, v): return merkleize([t.root(v[n]) for n, t in s.fields])

HIST, VREG = 2**18, 2**12
Bytes32, Bytes52 = BytesN(32), BytesN(52)
Checkpoint = Container(("root", Bytes32), ("slot", Uint64))
BlockHeader = Container(("slot", Uint64), ("proposer_index", Uint64), ("parent_root", Bytes32), ("state_root", Bytes32), ("body_root", Bytes32))
Validator = Container(("attestation_public_key", Bytes52), ("proposal_public_key", Bytes52), ("index", Uint64))
GenesisConfig = Container(("genesis_time", Uint64))
State = Container(("config", GenesisConfig), ("slot", Uint64), ("latest_block_header", BlockHeader),
    ("latest_justified", Checkpoint), ("latest_finalized", Checkpoint),
    ("historical_block_hashes", List(Bytes32, HIST)), ("justified_slots", Bitlist(HIST)),
    ("validators", List(Validator, VREG)), ("justifications_roots", List(Bytes32, HIST)),
    ("justifications_validators", Bitlist(HIST * VREG)))
AttestationData = Container(("slot", Uint64), ("head", Checkpoint), ("target", Checkpoint), ("source", Checkpoint))
AggregatedAttestation = Container(("aggregation_bits", Bitlist(VREG)), ("data", AttestationData))
BlockBody = Container(("attestations", List(AggregatedAttestation, VREG)))
Block = Container(("slot", Uint64), ("proposer_index", Uint64), ("parent_root", Bytes32), ("state_root", Bytes32), ("body", BlockBody))
MultiMessageAggregate = Container(("proof", ByteList(512 * 1024)))
SignedBlock = Container(("block", Block), ("proof", MultiMessageAggregate))

# The inputs below are mirrored by SszTests (same patterns, built with LstarEncoder).
def fill(b, n): return bytes([b]) * n
def pattern(seed, n): return bytes(((seed * 7) + j) & 0xFF for j in range(n))
def cp(r, s): return {"root": fill(r, 32), "slot": s}
def validator(i): return {"attestation_public_key": pattern(i, 52), "proposal_public_key": pattern(i + 100, 52), "index": i}
def header(slot): return {"slot": slot, "proposer_index": 2, "parent_root": fill(0xAA, 32), "state_root": fill(0, 32), "body_root": fill(0xBB, 32)}
def bits(n, every): return [1 if i % every == 0 else 0 for i in range(n)]
def state(slot, hist, jslots, vals, jroots, jvals):
    return {"config": {"genesis_time": 1767225600}, "slot": slot, "latest_block_header": header(slot),
        "latest_justified": cp(0xCC, 8), "latest_finalized": cp(0xDD, 6),
        "historical_block_hashes": [pattern(i, 32) for i in range(hist)], "justified_slots": bits(jslots, 3),
        "validators": [validator(i) for i in range(vals)], "justifications_roots": [fill(0xEE, 32)] * jroots,
        "justifications_validators": bits(jvals, 2)}
data = {"slot": 9, "head": cp(1, 9), "target": cp(2, 8), "source": cp(3, 6)}
cases = {
    "checkpoint": (Checkpoint, cp(1, 100)),
    "block_header": (BlockHeader, {"slot": 7, "proposer_index": 3, "parent_root": fill(0x11, 32), "state_root": fill(0x22, 32), "body_root": fill(0x33, 32)}),
    "validator": (Validator, validator(5)),
    "attestation_data": (AttestationData, data),
    "state_empty_lists": (State, state(0, 0, 0, 0, 0, 0)),
    "state_small": (State, state(10, 10, 3, 4, 1, 8)),
    "state_full_chunks": (State, state(300, 256, 256, 4, 2, 256)),
    "state_at_limits": (State, state(HIST, HIST, HIST, VREG, 3, 513)),
    "block_empty_body": (Block, {"slot": 12, "proposer_index": 0, "parent_root": fill(0x44, 32), "state_root": fill(0x55, 32), "body": {"attestations": []}}),
    "block_two_attestations": (Block, {"slot": 12, "proposer_index": 1, "parent_root": fill(0x44, 32), "state_root": fill(0x55, 32),
        "body": {"attestations": [{"aggregation_bits": bits(4, 1), "data": data}, {"aggregation_bits": bits(256, 2), "data": data}]}}),
}
for name, (t, v) in cases.items():
    enc = t.ser(v)
    print(f'["{name}"] = ("{t.root(v).hex()}", {len(enc)}, "{hashlib.sha256(enc).hexdigest()}"),')
