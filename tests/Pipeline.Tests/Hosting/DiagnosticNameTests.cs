using Pipeline.Hosting;

namespace Pipeline.Tests.Hosting;

public sealed class DiagnosticNameTests
{
    [Fact]
    public void Of_IntakeName_CaseAndStableHashNoFileName()
    {
        var described = DiagnosticName.Of("C-2026-1/up-1/jane-doe-medical.pdf");

        Assert.StartsWith("C-2026-1/…#", described, StringComparison.Ordinal);
        Assert.DoesNotContain("jane", described, StringComparison.Ordinal);
        Assert.Equal(described, DiagnosticName.Of("C-2026-1/up-1/jane-doe-medical.pdf"));
        Assert.NotEqual(described, DiagnosticName.Of("C-2026-1/up-1/john-doe-medical.pdf"));
    }

    [Fact]
    public void Of_NameWithoutCase_OnlyTheHash()
    {
        Assert.Matches("^…#[0-9a-f]{12}$", DiagnosticName.Of("jane doe.pdf"));
    }
}
