using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace AgentOps.Core.Diagnostics.Logs;

/// <summary>
/// One bit per character of a line, computed 32 characters at a time with vector instructions: whether it is white
/// space (<see cref="char.IsWhiteSpace(char)"/>) and whether it is a character that can make a token variable (a digit
/// or one of <c>=:/\.~</c>, see <see cref="LogChars.Variable"/>). Tokens are then found by bit scans instead of a
/// test per character. Bit <c>b</c> of word <c>w</c> is character <c>64 * w + b</c>.
/// </summary>
internal static class LogLineMasks
{
    /// <summary>Words needed for a line of <paramref name="length"/> characters.</summary>
    public static int WordsFor(int length) => (length + 63) >> 6;

    /// <summary>Fills <paramref name="blank"/> and <paramref name="variable"/> (at least <see cref="WordsFor"/> words each) for <paramref name="line"/>.</summary>
    public static void Fill(ReadOnlySpan<char> line, Span<ulong> blank, Span<ulong> variable)
    {
        var words = WordsFor(line.Length);
        blank[..words].Clear();
        variable[..words].Clear();
        var i = 0;
        if (Vector256.IsHardwareAccelerated && line.Length >= 16)
        {
            for (; i + 32 <= line.Length; i += 32)
            {
                var (blankBits, variableBits) = Classify32(line, i);

                // i is a multiple of 32: the 32 bits never straddle two words.
                blank[i >> 6] |= (ulong)blankBits << (i & 63);
                variable[i >> 6] |= (ulong)variableBits << (i & 63);
            }

            for (; i + 16 <= line.Length; i += 16)
            {
                var (blankBits, variableBits) = Classify16(line, i);

                // i is a multiple of 16: the 16 bits never straddle two words.
                blank[i >> 6] |= (ulong)blankBits << (i & 63);
                variable[i >> 6] |= (ulong)variableBits << (i & 63);
            }

            if (i < line.Length)
            {
                // The last 16 characters again, overlapping the ones done: drop the bits of those, keep the rest
                // (still within the word of i).
                var shift = 16 - (line.Length - i);
                var (blankBits, variableBits) = Classify16(line, line.Length - 16);
                blank[i >> 6] |= (ulong)(blankBits >> shift) << (i & 63);
                variable[i >> 6] |= (ulong)(variableBits >> shift) << (i & 63);
                i = line.Length;
            }
        }

        for (; i < line.Length; i++)
        {
            var cls = LogChars.Of(line[i]);
            if (cls == LogChars.Blank)
            {
                blank[i >> 6] |= 1UL << (i & 63);
            }
            else if (cls == LogChars.Variable)
            {
                variable[i >> 6] |= 1UL << (i & 63);
            }
        }
    }

    /// <summary>Blank and variable bits of the 32 characters at <paramref name="at"/>, classified as bytes: the two
    /// halves are narrowed to one vector of bytes, which keeps the low byte of each character, so a non-ASCII character
    /// may pass for an ASCII one; the rare vectors holding one are redone by halves (<see cref="Classify16"/>).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static (uint Blank, uint Variable) Classify32(ReadOnlySpan<char> line, int at)
    {
        ref var first = ref Unsafe.As<char, ushort>(ref MemoryMarshal.GetReference(line));
        var low = Vector256.LoadUnsafe(ref first, (nuint)at);
        var high = Vector256.LoadUnsafe(ref first, (nuint)at + 16);
        if (Vector256.GreaterThanAny(low | high, Vector256.Create((ushort)127)))
        {
            var (lowBlank, lowVariable) = Classify16(line, at);
            var (highBlank, highVariable) = Classify16(line, at + 16);
            return (lowBlank | (highBlank << 16), lowVariable | (highVariable << 16));
        }

        var v = Vector256.Narrow(low, high);
        var isBlank = Vector256.Equals(v, Vector256.Create((byte)' ')) | Vector256.LessThanOrEqual(v - Vector256.Create((byte)'\t'), Vector256.Create((byte)4));
        var isVariable = Vector256.LessThanOrEqual(v - Vector256.Create((byte)'.'), Vector256.Create((byte)12)) | Vector256.Equals(v, Vector256.Create((byte)'='))
            | Vector256.Equals(v, Vector256.Create((byte)'\\')) | Vector256.Equals(v, Vector256.Create((byte)'~'));
        return (isBlank.ExtractMostSignificantBits(), isVariable.ExtractMostSignificantBits());
    }

    /// <summary>Blank and variable bits of the 16 characters at <paramref name="at"/> (bit 0 is character <c>at</c>).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static (uint Blank, uint Variable) Classify16(ReadOnlySpan<char> line, int at)
    {
        ref var first = ref Unsafe.As<char, ushort>(ref MemoryMarshal.GetReference(line));
        var v = Vector256.LoadUnsafe(ref first, (nuint)at);
        var isBlank = Vector256.Equals(v, Vector256.Create((ushort)' ')) | Vector256.LessThanOrEqual(v - Vector256.Create((ushort)'\t'), Vector256.Create((ushort)4));
        var isVariable = Vector256.LessThanOrEqual(v - Vector256.Create((ushort)'.'), Vector256.Create((ushort)12)) | Vector256.Equals(v, Vector256.Create((ushort)'='))
            | Vector256.Equals(v, Vector256.Create((ushort)'\\')) | Vector256.Equals(v, Vector256.Create((ushort)'~'));
        var blankBits = isBlank.ExtractMostSignificantBits();
        var nonAscii = Vector256.GreaterThan(v, Vector256.Create((ushort)127)).ExtractMostSignificantBits();
        while (nonAscii != 0)
        {
            var bit = BitOperations.TrailingZeroCount(nonAscii);
            if (char.IsWhiteSpace(line[at + bit]))
            {
                blankBits |= 1u << bit;
            }

            nonAscii &= nonAscii - 1;
        }

        return (blankBits, isVariable.ExtractMostSignificantBits());
    }

    /// <summary>First position at or after <paramref name="from"/> whose bit is clear (<paramref name="length"/> when none).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int NextClear(ReadOnlySpan<ulong> mask, int from, int length)
    {
        var w = from >> 6;
        if (from >= length)
        {
            return length;
        }

        var bits = ~mask[w] & (ulong.MaxValue << (from & 63));
        while (bits == 0)
        {
            if (++w << 6 >= length)
            {
                return length;
            }

            bits = ~mask[w];
        }

        return Math.Min(length, (w << 6) + BitOperations.TrailingZeroCount(bits));
    }

    /// <summary>First position at or after <paramref name="from"/> whose bit is set (<paramref name="length"/> when none).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int NextSet(ReadOnlySpan<ulong> mask, int from, int length)
    {
        var w = from >> 6;
        if (from >= length)
        {
            return length;
        }

        var bits = mask[w] & (ulong.MaxValue << (from & 63));
        while (bits == 0)
        {
            if (++w << 6 >= length)
            {
                return length;
            }

            bits = mask[w];
        }

        return Math.Min(length, (w << 6) + BitOperations.TrailingZeroCount(bits));
    }

    /// <summary>Whether any bit of <c>[start, end)</c> is set.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool Any(ReadOnlySpan<ulong> mask, int start, int end) => start < end && NextSet(mask, start, end) < end;
}
