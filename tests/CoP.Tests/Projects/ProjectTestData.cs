using System.Globalization;
using CoP.Shared.Events;
using CoP.Shared.Projects;

namespace CoP.Tests.Projects;

/// <summary>Projects for this folder's tests, written as a stored row would hold them; a test changes what it needs.</summary>
internal static class ProjectTestData
{
    public static readonly DateTimeOffset Start = DateTimeOffset.Parse("2026-11-02T08:00:00Z", CultureInfo.InvariantCulture);

    public static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>An approved biochar project in Kenya, contact <paramref name="contactMemberId"/>.</summary>
    public static Project NewProject(string? contactMemberId = "member-1", Func<Project, Project>? change = null)
    {
        var p = new Project(
            ProjectStore.NewProjectId(),
            new Dictionary<string, ProjectText>
            {
                ["en"] = new("Biochar for smallholders in Kisumu", "Kilns built with farmer groups; biochar mixed with compost."),
                ["fr"] = new("Biochar pour les petits exploitants de Kisumu", null),
            },
            ["biochar"],
            ProjectStatus.Implementation,
            "XM-DAC-41114-PROJECT-00123",
            new DateOnly(2025, 1, 1),
            new DateOnly(2028, 12, 31),
            new DateOnly(2025, 3, 1),
            null,
            ["KE"],
            "Kisumu County",
            new ProjectLocation(new GeoPoint(-0.0917, 34.768), LocationExactness.Approximate, ProjectCoordinates.DefaultPrecision),
            null,
            120.5,
            LandUse.Cropland,
            [Practice.Biochar, Practice.CompostAndManure],
            new ProjectCarbon(CarbonStandard.Vcs, "VM0044", "4321", new Uri("https://registry.verra.org/app/projectDetail/VCS/4321"), 850),
            [new ProjectOrganisation("Soil Trust", OrganisationRole.Funding, "XM-DAC-41114"), new ProjectOrganisation("Kisumu Farmers' Union", OrganisationRole.Implementing, null)],
            new RioMarkers(MarkerSignificance.Principal, MarkerSignificance.Significant, MarkerSignificance.NotTargeted),
            [],
            contactMemberId,
            ProjectReview.Approved,
            null,
            Start.AddDays(-2),
            Start.AddDays(-2),
            false,
            Start.AddDays(-3),
            Start.AddDays(-3),
            Start.AddDays(-2));
        return change is null ? p : change(p);
    }
}
