using Pipeline.Local.Commands;

namespace Pipeline.Tests.Local;

public sealed class CaseCommandSettingsTests
{
    [Fact]
    public void Validate_DisposeWithoutReason_NamesTheMissingOption()
    {
        var result = new DisposeSettings { CaseId = "c", DocumentId = "d", Actor = "a" }.Validate();

        Assert.False(result.Successful);
        Assert.Equal("--reason is required.", result.Message);
    }

    [Fact]
    public void Validate_CompleteCommands_Succeed()
    {
        Assert.True(new DisposeSettings { CaseId = "c", DocumentId = "d", Reason = "r", Actor = "a" }.Validate().Successful);
        Assert.True(new HoldSettings { CaseId = "c", Reason = "r" }.Validate().Successful);
        Assert.True(new BundleSettings { CaseId = "c", Out = "dir" }.Validate().Successful);
        Assert.True(new ReceiptSettings { CaseId = "c", DocumentId = "d" }.Validate().Successful);
        Assert.True(new ImpactSettings { CaseId = "c", At = "2026-03-01T12:00:00Z" }.Validate().Successful);
    }

    [Fact]
    public void Validate_MissingCaseOrBadTime_Errors()
    {
        Assert.Equal("--case is required.", new BundleSettings { Out = "dir" }.Validate().Message);
        Assert.False(new ImpactSettings { CaseId = "c", At = "yesterday-ish" }.Validate().Successful);
    }

    [Fact]
    public void ParsedAt_NoOffset_IsUtc()
    {
        Assert.Equal(new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.Zero), new ImpactSettings { CaseId = "c", At = "2026-03-01T12:00:00" }.ParsedAt);
    }
}
