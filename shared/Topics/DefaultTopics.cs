namespace CoP.Shared.Topics;

/// <summary>The topics the catalog starts with (seeded once, on first use of an empty catalog).</summary>
public static class DefaultTopics
{
    public static readonly IReadOnlyList<(string Slug, string Name)> All =
    [
        ("voluntary-carbon-markets", "Voluntary carbon markets (VCM) for soil organic carbon projects"),
        ("policy-alignment", "Alignment of soil, agriculture and climate policies"),
        ("biochar", "Biochar production and application models"),
        ("monitoring-slm", "Monitoring climate benefits of sustainable land management"),
        ("carbon-market-framework", "Creating an enabling framework for carbon market projects for soil protection"),
    ];
}
