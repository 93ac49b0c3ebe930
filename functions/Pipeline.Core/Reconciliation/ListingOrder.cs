using System.Text;

namespace Pipeline.Reconciliation;

/// <summary>
/// The order Azure Storage lists blob names in: by their UTF-8 bytes. (UTF-16 ordinal order differs for characters
/// outside the basic plane, so a resume cursor compared that way could skip names.)
/// </summary>
public static class ListingOrder
{
    /// <summary><see cref="Compare"/> as a comparer.</summary>
    public static IComparer<string> Comparer { get; } = Comparer<string>.Create(Compare);

    public static int Compare(string left, string right)
    {
        ArgumentNullException.ThrowIfNull(left);
        ArgumentNullException.ThrowIfNull(right);

        // Below the surrogates UTF-16 and UTF-8 agree on order, so the first differing character decides without encoding.
        var common = left.AsSpan().CommonPrefixLength(right);
        if (common > 0 && char.IsHighSurrogate(left[common - 1]))
        {
            return Encoding.UTF8.GetBytes(left).AsSpan().SequenceCompareTo(Encoding.UTF8.GetBytes(right));
        }

        if (common == left.Length || common == right.Length)
        {
            return left.Length.CompareTo(right.Length);
        }

        if (left[common] < 0xD800 && right[common] < 0xD800)
        {
            return left[common].CompareTo(right[common]);
        }

        return Encoding.UTF8.GetBytes(left).AsSpan().SequenceCompareTo(Encoding.UTF8.GetBytes(right));
    }
}
