using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace AgentOps.Core.Diagnostics.Logs;

/// <summary>
/// Map from token text to a non-negative integer, looked up from a span without allocating: open addressing with
/// linear probing over a power-of-two table, the characters of all keys in one growing buffer. It replaces
/// <c>Dictionary&lt;string, int&gt;</c>'s alternate look-up on the miner's hottest path: the hash reads four characters
/// per step and an entry holds its hash, so most probes that miss never touch the characters. The hash is seeded per
/// table at random, so that a log crafted to collide on one run does not collide on the next. Not thread-safe.
/// </summary>
internal sealed class LogTokenTable
{
    private const ulong Multiplier = 0x9E3779B97F4A7C15UL;

    private readonly ulong _seed = (ulong)Random.Shared.NextInt64() | 1;
    private Entry[] _entries = new Entry[1024];
    private char[] _chars = new char[8192];
    private int _charCount;

    /// <summary>Keys held.</summary>
    public int Count { get; private set; }

    /// <summary>The value of <paramref name="key"/>, or -1 when it is not in the table.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int Find(ReadOnlySpan<char> key)
    {
        var hash = Hash(key);
        var mask = _entries.Length - 1;
        var index = (int)hash & mask;
        while (true)
        {
            ref var entry = ref _entries[index];
            if (entry.ValuePlusOne == 0)
            {
                return -1;
            }

            if (entry.Hash == hash && entry.Length == key.Length && _chars.AsSpan(entry.Offset, entry.Length).SequenceEqual(key))
            {
                return entry.ValuePlusOne - 1;
            }

            index = (index + 1) & mask;
        }
    }

    /// <summary>Adds a key that is not in the table yet (the caller checked with <see cref="Find"/>).</summary>
    /// <param name="key">The token text.</param>
    /// <param name="value">Its value, 0 or more.</param>
    public void Add(ReadOnlySpan<char> key, int value)
    {
        if ((Count + 1) * 2 > _entries.Length)
        {
            Grow();
        }

        if (_charCount + key.Length > _chars.Length)
        {
            Array.Resize(ref _chars, Math.Max(_chars.Length * 2, _charCount + key.Length));
        }

        key.CopyTo(_chars.AsSpan(_charCount));
        Insert(_entries, new Entry(Hash(key), value + 1, _charCount, key.Length));
        _charCount += key.Length;
        Count++;
    }

    private static void Insert(Entry[] entries, Entry entry)
    {
        var mask = entries.Length - 1;
        var index = (int)entry.Hash & mask;
        while (entries[index].ValuePlusOne != 0)
        {
            index = (index + 1) & mask;
        }

        entries[index] = entry;
    }

    private void Grow()
    {
        var entries = new Entry[_entries.Length * 2];
        foreach (var entry in _entries)
        {
            if (entry.ValuePlusOne != 0)
            {
                Insert(entries, entry);
            }
        }

        _entries = entries;
    }

    /// <summary>Multiply-xorshift over 8 bytes (4 characters) at a time; the last step reads the final 8 bytes again,
    /// overlapping the previous one, rather than a tail loop.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private uint Hash(ReadOnlySpan<char> key)
    {
        var bytes = MemoryMarshal.AsBytes(key);
        var h = _seed ^ ((ulong)key.Length * Multiplier);
        if (bytes.Length >= 8)
        {
            for (var i = 0; i + 8 < bytes.Length; i += 8)
            {
                h = Mix(h, MemoryMarshal.Read<ulong>(bytes[i..]));
            }

            h = Mix(h, MemoryMarshal.Read<ulong>(bytes[^8..]));
        }
        else if (bytes.Length >= 4)
        {
            // Two or three characters: the first two and the last two (they overlap for two).
            h = Mix(h, MemoryMarshal.Read<uint>(bytes) | ((ulong)MemoryMarshal.Read<uint>(bytes[^4..]) << 32));
        }
        else if (bytes.Length == 2)
        {
            h = Mix(h, MemoryMarshal.Read<ushort>(bytes));
        }

        h ^= h >> 29;
        return (uint)h ^ (uint)(h >> 32);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong Mix(ulong h, ulong word)
    {
        h = (h ^ word) * Multiplier;
        return h ^ (h >> 32);
    }

    /// <summary>One slot: the key's hash, its value plus one (0 marks an empty slot) and where its characters are.</summary>
    private readonly record struct Entry(uint Hash, int ValuePlusOne, int Offset, int Length);
}
