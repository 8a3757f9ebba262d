using System.Text.Json.Nodes;
using CoP.Shared.Projects;
using CoP.Shared.Projects.Submission;
using CoP.Shared.Validation;
using static CoP.Tests.Projects.Submission.ProjectDefinitions;

namespace CoP.Tests.Projects.Submission;

/// <summary>The project rules on their own: what a valid definition becomes, and that its JSON reads back the same.</summary>
public sealed class ProjectRulesTests
{
    [Fact]
    public void AValidDefinitionIsReadWithItsCodesPlacesAndDefaults()
    {
        var definition = Accepted(Parse(Valid()));

        Assert.Equal(["en", "fr"], definition.Texts.Keys.Order());
        Assert.Equal("Kilns built with farmer groups;\nbiochar mixed with compost.", definition.Texts["en"].Summary);
        Assert.Null(definition.Texts["fr"].Summary);
        Assert.Equal(ProjectStatus.Implementation, definition.Status);
        Assert.Equal(new DateOnly(2025, 3, 1), definition.ActualStart);
        Assert.Equal(-0.0917, definition.Location.Point.Latitude);
        Assert.Equal(34.768, definition.Location.Point.Longitude);
        Assert.Equal([Practice.Biochar, Practice.CompostAndManure], definition.Practices);
        Assert.Equal(new RioMarkers(MarkerSignificance.Principal, MarkerSignificance.Significant, MarkerSignificance.NotTargeted), definition.RioMarkers);
        Assert.Equal(CarbonStandard.Vcs, definition.Carbon.Standard);
        Assert.Equal(OrganisationRole.Implementing, definition.Organisations[1].Role);
        var boundary = Assert.IsType<BoundaryShape>(definition.Boundary);
        Assert.Equal((34.76, -0.1, 34.78, -0.08), (boundary.West, boundary.South, boundary.East, boundary.North));
        // 0.02° by 0.02° at the equator: about 2.2 km by 2.2 km.
        Assert.InRange(boundary.AreaHectares, 480, 500);
    }

    [Fact]
    public void ADefinitionsJsonReadsBackAsTheSameDefinition()
    {
        var definition = Accepted(Parse(Valid()));

        var again = Accepted(ProjectRules.Parse(Element(ProjectDefinitionJson.Write(definition)), References, Today));

        Assert.True(definition.SameAs(again));
        Assert.Equal(definition.Boundary, again.Boundary);
    }

    [Fact]
    public void OptionalPartsMayBeLeftOut()
    {
        var json = Valid(d =>
        {
            foreach (var name in new[] { "iatiIdentifier", "plannedStart", "plannedEnd", "actualStart", "administrativeArea", "exactness", "publicPrecision", "boundary", "areaHectares", "landUse", "carbon", "organisations", "rioMarkers", "documentIds" })
            {
                d.Remove(name);
            }
        });

        var definition = Accepted(Parse(json));

        Assert.Equal(LocationExactness.Approximate, definition.Location.Exactness);
        Assert.Equal(ProjectCoordinates.DefaultPrecision, definition.Location.PublicPrecision);
        Assert.Equal(CarbonStandard.None, definition.Carbon.Standard);
        Assert.Empty(definition.Organisations);
        Assert.Null(definition.Boundary);
    }

    [Fact]
    public void AGoldStandardProjectNamesItsMethodologyInItsOwnWords()
    {
        var definition = Accepted(Parse(Valid(d => d["carbon"] = new JsonObject { ["standard"] = "gold-standard", ["methodology"] = "Soil Organic Carbon Framework v1.0" })));

        Assert.Equal(CarbonStandard.GoldStandard, definition.Carbon.Standard);
        Assert.Equal("Soil Organic Carbon Framework v1.0", definition.Carbon.Methodology);
    }

    private static Validated<ProjectDefinition> Parse(JsonObject json) => ProjectRules.Parse(Element(json), References, Today);

    private static ProjectDefinition Accepted(Validated<ProjectDefinition> result) => result switch
    {
        Validated<ProjectDefinition>.Valid { Value: var value } => value,
        Validated<ProjectDefinition>.Invalid { Errors: var errors } => throw new Xunit.Sdk.XunitException(string.Join("; ", errors.Select(e => $"{e.Key}: {e.Value[0]}"))),
        _ => throw new InvalidOperationException(),
    };
}
