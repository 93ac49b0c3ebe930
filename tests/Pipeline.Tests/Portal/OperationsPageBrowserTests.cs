using System.Net;
using System.Reflection;
using System.Text;
using Microsoft.Playwright;
using Pipeline.Ingest;
using Azure.Storage.Queues.Specialized;
using Pipeline.Integrity;
using Pipeline.Portal;
using Pipeline.Reconciliation;

namespace Pipeline.Tests.Portal;

/// <summary>
/// The operations page in a real browser: Debian's headless Chromium driven by Playwright (never a downloaded browser),
/// loading the page from the local host after anomalies were injected. The screenshot is kept in tests/out/.
/// </summary>
public sealed class OperationsPageBrowserTests : PortalTestBase
{
    private const string CaseId = "OPS-1";

    [Fact]
    public async Task OperationsPage_InjectedAnomalies_RowsShownInChromium()
    {
        var (missing, changed) = await InjectAnomaliesAsync();
        var chromium = Environment.GetEnvironmentVariable("PIPELINE_CHROMIUM") ?? "/usr/bin/chromium";
        Assert.True(File.Exists(chromium), $"{chromium} not found: tests/run.sh installs Debian's chromium (apt-get install chromium)");
        Environment.SetEnvironmentVariable("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1");

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = chromium,
            Headless = true,
            Args = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
        });
        var context = await browser.NewContextAsync(new BrowserNewContextOptions
        {
            ViewportSize = new ViewportSize { Width = 1366, Height = 900 },
            ExtraHTTPHeaders = new Dictionary<string, string> { [PortalAuthenticator.DevKeyHeader] = Operations },
        });
        var page = await context.NewPageAsync();
        var response = await page.GotoAsync(new Uri(BaseAddress, "/api/reconciliation").AbsoluteUri);

        Assert.Equal(200, response!.Status);
        Assert.Equal(1, await page.Locator($"#findings tbody tr[data-kind='missing'][data-document='{missing}']").CountAsync());
        Assert.Equal(1, await page.Locator($"#findings tbody tr[data-kind='changed'][data-document='{changed}']").CountAsync());
        Assert.Equal(1, await page.Locator("#abandoned-intents tbody tr[data-kind='abandoned-intent']").CountAsync());
        Assert.Equal(1, await page.Locator("#stuck-uploads tbody tr[data-kind='stuck']").CountAsync());
        Assert.Equal("2", (await page.Locator($"#dead-letters tr[data-queue='{Storage.IntegrityQueue.Name}-poison'] td.n").InnerTextAsync()).Trim());
        Assert.Equal("4", (await page.Locator($"#cases tr[data-case='{CaseId}'] td.n").Last.InnerTextAsync()).Trim());
        Assert.Equal(2, await page.Locator("#runs-chart g.run").CountAsync());
        Assert.Equal("0", await page.Locator("#runs-chart g.run").First.GetAttributeAsync("data-total"));
        Assert.Equal("4", await page.Locator("#runs-chart g.run").Last.GetAttributeAsync("data-total"));

        // The impact window: the deleted document was last known good when its check verified it, before the run found it.
        var lastGood = await page.Locator($"#findings tr[data-document='{missing}'] td.last-good time").GetAttributeAsync("datetime");
        var found = await page.Locator($"#findings tr[data-document='{missing}'] td.found time").GetAttributeAsync("datetime");
        Assert.True(DateTimeOffset.Parse(lastGood!, System.Globalization.CultureInfo.InvariantCulture) < DateTimeOffset.Parse(found!, System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal($"/api/cases/{CaseId}/documents/{missing}", await page.Locator($"#findings tr[data-document='{missing}'] a").GetAttributeAsync("href"));

        var screenshot = Path.Combine(RepositoryRoot(), "tests", "out", "operations-page.png");
        Directory.CreateDirectory(Path.GetDirectoryName(screenshot)!);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = screenshot, FullPage = true });
        await page.EmulateMediaAsync(new PageEmulateMediaOptions { Media = Media.Print });
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.ChangeExtension(screenshot, ".print.png"), FullPage = true });
        Assert.True(new FileInfo(screenshot).Length > 10_000);
    }

    public override async Task DisposeAsync()
    {
        await Storage.IntegrityQueue.GetParentQueueServiceClient().GetQueueClient(Storage.IntegrityQueue.Name + "-poison").DeleteIfExistsAsync();
        await base.DisposeAsync();
    }

    [Fact]
    public async Task OperationsPage_CallerGrantedSomeCasesOnly_Forbidden()
    {
        using var alice = Client(Alice);

        var response = await alice.GetAsync("/api/reconciliation");

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Contains("operations-not-granted", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    /// <summary>A clean night, then: a deleted and a rewritten evidence blob, an upload never ingested, an intent never used, two poison messages.</summary>
    private async Task<(string Missing, string Changed)> InjectAnomaliesAsync()
    {
        var ids = new List<string>();
        foreach (var text in new[] { "court order", "position statement", "exhibit list" })
        {
            var content = Encoding.UTF8.GetBytes(text);
            var (_, intent) = await DeclareAsync(Operations, CaseId, "doc.txt", content);
            await UploadWithSasAsync(intent, content);
            ids.Add((await Get<IngestService>().IngestAsync(intent.GetProperty("blobName").GetString()!)).DocumentId!);
        }

        await Get<StorageQueueCheckReceiver>().DrainAsync();
        var clean = await Get<ReconciliationService>().RunAsync();
        Assert.True(clean.Clean);

        var documents = await DocumentsAsync(CaseId);
        await Storage.Evidence.GetBlobClient(documents.Single(d => d.DocumentId == ids[0]).EvidenceBlob).DeleteAsync();
        await Storage.Evidence.GetBlobClient(documents.Single(d => d.DocumentId == ids[1]).EvidenceBlob).UploadAsync(new BinaryData("altered"), overwrite: true);
        await UploadAsync(CaseId, "never-ingested", "late.txt", Encoding.UTF8.GetBytes("the trigger missed this one"));
        await DeclareAsync(Operations, CaseId, "never-sent.txt", Encoding.UTF8.GetBytes("never sent"));
        var poison = Storage.IntegrityQueue.GetParentQueueServiceClient().GetQueueClient(Storage.IntegrityQueue.Name + "-poison");
        await poison.CreateIfNotExistsAsync();
        await poison.SendMessageAsync("{\"caseId\":\"bad\"}");
        await poison.SendMessageAsync("not json");
        Time.Advance(TimeSpan.FromMinutes(31));
        await Get<ReconciliationService>().RunAsync();
        return (ids[0], ids[1]);
    }

    private static string RepositoryRoot() =>
        typeof(OperationsPageBrowserTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "RepositoryRoot").Value!;
}
