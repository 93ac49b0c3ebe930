using System.Text;
using Azure;

namespace Pipeline.Tests.Portal;

/// <summary>An upload SAS stops working when its intent expires (a one-second lifetime here).</summary>
public sealed class PortalSasExpiryTests : PortalTestBase
{
    protected override IEnumerable<KeyValuePair<string, string?>> Settings =>
        base.Settings.Append(new("Pipeline:Portal:UploadSasLifetime", "00:00:01"));

    [Fact]
    public async Task UploadSas_AfterExpiry_Refused()
    {
        var content = Encoding.UTF8.GetBytes("too late");
        var (_, intent) = await DeclareAsync(Alice, "A1", "late.txt", content);
        var url = new Uri(intent.GetProperty("uploadUrl").GetString()!);
        await Task.Delay(TimeSpan.FromSeconds(2));

        Assert.Contains("sp=c&", url.Query + "&", StringComparison.Ordinal);
        Assert.Contains("sr=b", url.Query, StringComparison.Ordinal);
        var refused = await Assert.ThrowsAsync<RequestFailedException>(() => UploadWithSasAsync(intent, content));
        Assert.Equal(403, refused.Status);
        Assert.Empty(await ListAsync(Storage.Intake));
    }
}
