using System.Text.Json;
using CoP.Functions.Projects.Forms;
using CoP.Shared.Validation;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;

namespace CoP.Tests.Projects.Forms;

/// <summary>
/// The project form's fields as the API's JSON: the whole definition for a new project, a merge patch for a change;
/// what is typed goes over as typed, for the project rules to check (the pages have no checks of their own); and the
/// rules' errors find the fields they name.
/// </summary>
public sealed class ProjectFormJsonTests
{
    [Fact]
    public void DefinitionHoldsWhatWasTypedInTheShapeTheApiTakes()
    {
        var json = ProjectFormJson.Definition(Read(ProjectFormFlows.Filled(f => f["topics"] = "soil-carbon")));

        Assert.Equal("Cover crops in the Beauce", json.GetProperty("texts").GetProperty("en").GetProperty("title").GetString());
        Assert.False(json.GetProperty("texts").GetProperty("fr").TryGetProperty("summary", out _));
        Assert.False(json.GetProperty("texts").TryGetProperty("es", out _));
        Assert.Equal(["soil-carbon"], json.GetProperty("topics").EnumerateArray().Select(t => t.GetString()));
        Assert.Equal("{\"type\":\"Point\",\"coordinates\":[1.4892,48.4469]}", json.GetProperty("location").GetRawText());
        Assert.Equal(0.1, json.GetProperty("publicPrecision").GetDouble());
        Assert.Equal(850, json.GetProperty("areaHectares").GetDouble());
        Assert.False(json.TryGetProperty("actualEnd", out _));
        Assert.False(json.TryGetProperty("boundary", out _));
        Assert.Equal("{\"standard\":\"vcs\",\"methodology\":\"VM0042\",\"expectedTco2ePerYear\":1200}", json.GetProperty("carbon").GetRawText());
        Assert.Equal("[{\"name\":\"Beauce Sols Vivants\",\"role\":\"implementing\"}]", json.GetProperty("organisations").GetRawText());
        Assert.Equal("{\"mitigation\":\"principal\",\"adaptation\":\"significant\",\"desertification\":\"not-targeted\"}", json.GetProperty("rioMarkers").GetRawText());
        Assert.Equal(JsonValueKind.Array, json.GetProperty("documentIds").ValueKind);
    }

    [Fact]
    public void PatchClearsWhatWasEmptiedAndKeepsTheBoundaryUnlessOneIsPastedOrRemoved()
    {
        var patch = ProjectFormJson.Patch(Read(ProjectFormFlows.Filled()));

        Assert.Equal(JsonValueKind.Null, patch.GetProperty("actualEnd").ValueKind);
        Assert.Equal(JsonValueKind.Null, patch.GetProperty("texts").GetProperty("es").ValueKind);
        Assert.Equal(JsonValueKind.Null, patch.GetProperty("texts").GetProperty("fr").GetProperty("summary").ValueKind);
        Assert.Equal(JsonValueKind.Null, patch.GetProperty("carbon").GetProperty("registryUrl").ValueKind);
        Assert.False(patch.TryGetProperty("boundary", out _));

        var removed = ProjectFormJson.Patch(Read(ProjectFormFlows.Filled(f => f["removeBoundary"] = "yes")));
        Assert.Equal(JsonValueKind.Null, removed.GetProperty("boundary").ValueKind);

        var square = "{\"type\":\"Polygon\",\"coordinates\":[[[1.4,48.4],[1.5,48.4],[1.5,48.5],[1.4,48.5],[1.4,48.4]]]}";
        var replaced = ProjectFormJson.Patch(Read(ProjectFormFlows.Filled(f => (f["boundary"], f["removeBoundary"]) = (square, "yes"))));
        Assert.Equal(square, replaced.GetProperty("boundary").GetRawText());
    }

    [Theory]
    [InlineData("north", "\"north\"")]
    [InlineData("1e999", "\"1e999\"")]
    [InlineData("NaN", "\"NaN\"")]
    [InlineData(" -0.5 ", "-0.5")]
    public void WhatIsNoNumberGoesAsTypedForTheRulesToRefuse(string typed, string sent)
    {
        var json = ProjectFormJson.Definition(Read(ProjectFormFlows.Filled(f => f["location-latitude"] = typed)));

        Assert.Equal($"[1.4892,{sent}]", json.GetProperty("location").GetProperty("coordinates").GetRawText());
    }

    [Theory]
    [InlineData("{\"type\":\"Polygon\",", "\"{\\u0022type\\u0022:\\u0022Polygon\\u0022,\"")]
    [InlineData("null", "\"null\"")]
    public void BoundaryThatIsNoJsonGoesAsAStringForTheRulesToRefuse(string typed, string sent)
    {
        var json = ProjectFormJson.Definition(Read(ProjectFormFlows.Filled(f => f["boundary"] = typed)));

        Assert.Equal(sent, json.GetProperty("boundary").GetRawText());
    }

    [Fact]
    public void FieldSentTwiceIsRefusedAsJsonCannotRepeatAMember()
    {
        var fields = ProjectFormFlows.Filled().ToDictionary(f => f.Key, f => new StringValues(f.Value), StringComparer.Ordinal);
        fields["status"] = new StringValues(["implementation", "closed"]);

        var read = ProjectForm.Read(new FormCollection(fields));

        Assert.Equal(["status"], Assert.IsType<Validated<ProjectForm>.Invalid>(read).Errors.Keys);
    }

    [Fact]
    public void StoredProjectFillsTheFormAndComesBackUnchanged()
    {
        var project = ProjectTestData.NewProject();

        var form = ProjectForm.Of(project);
        var patch = ProjectFormJson.Patch(form);

        Assert.Equal("Biochar for smallholders in Kisumu", patch.GetProperty("texts").GetProperty("en").GetProperty("title").GetString());
        Assert.Equal(JsonValueKind.Null, patch.GetProperty("texts").GetProperty("fr").GetProperty("summary").ValueKind);
        Assert.Equal("[34.768,-0.0917]", patch.GetProperty("location").GetProperty("coordinates").GetRawText());
        Assert.Equal("implementation", patch.GetProperty("status").GetString());
        Assert.Equal("https://registry.verra.org/app/projectDetail/VCS/4321", patch.GetProperty("carbon").GetProperty("registryUrl").GetString());
        Assert.Equal(2, patch.GetProperty("organisations").GetArrayLength());
        Assert.Equal(["biochar", "compost-and-manure"], patch.GetProperty("practices").EnumerateArray().Select(p => p.GetString()));
        Assert.Equal(4, form.OrganisationRows().Count);
    }

    [Theory]
    [InlineData("texts.en.title", "texts-en-title")]
    [InlineData("texts.fr", "texts")]
    [InlineData("texts", "texts")]
    [InlineData("location.coordinates", "location")]
    [InlineData("carbon.registryUrl", "carbon-registryUrl")]
    [InlineData("carbon", "carbon")]
    [InlineData("organisations[2].role", "organisations-2-role")]
    [InlineData("organisations[20].name", "organisations")]
    [InlineData("rioMarkers.adaptation", "rioMarkers-adaptation")]
    [InlineData("documentIds[0]", "documentIds")]
    [InlineData("colour", "form")]
    [InlineData("body", "form")]
    public void RuleErrorGoesToTheFieldThatHoldsIt(string key, string field) =>
        Assert.Equal(field, ProjectFormErrors.FieldOf(key));

    private static ProjectForm Read(Dictionary<string, string> fields) =>
        Assert.IsType<Validated<ProjectForm>.Valid>(
            ProjectForm.Read(new FormCollection(fields.ToDictionary(f => f.Key, f => new StringValues(f.Value), StringComparer.Ordinal)))).Value;
}
