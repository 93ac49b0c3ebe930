using System.Text;

namespace Pipeline.Reconciliation;

/// <summary>
/// The order Azure Storage lists blob names in: by their UTF-8 bytes. (UTF-16 ordinal order differs for characters
/// outside the basic plane, so a resume cursor compared that way could skip names.)
/// </summary>
public static class ListingOrder
{
    public static int Compare(string left, string right)
    {
        ArgumentNullException.ThrowIfNull(left);
        ArgumentNullException.ThrowIfNull(right);
        return Encoding.UTF8.GetBytes(left).AsSpan().SequenceCompareTo(Encoding.UTF8.GetBytes(right));
    }
}
