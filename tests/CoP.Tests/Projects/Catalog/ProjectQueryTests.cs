using CoP.Shared.Events;
using CoP.Shared.Projects;
using CoP.Shared.Projects.Catalog;
using CoP.Shared.Validation;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;

namespace CoP.Tests.Projects.Catalog;

/// <summary>Reading the catalog's query string: every filter by its wire name, refusals naming the parameter, the box, the words, the cursor.</summary>
public sealed class ProjectQueryTests
{
    [Fact]
    public void EveryFilterIsReadByItsWireName()
    {
        var query = Valid("?topic=biochar&country=ke&status=implementation&practice=compost-and-manure&standard=gold-standard&bbox=170,-20,-170,0&q=R%C3%A9union%20KISUMU&limit=10&lang=fr");

        Assert.Equal("biochar", query.Topic);
        Assert.Equal("KE", query.Country);
        Assert.Equal(ProjectStatus.Implementation, query.Status);
        Assert.Equal(Practice.CompostAndManure, query.Practice);
        Assert.Equal(CarbonStandard.GoldStandard, query.Standard);
        Assert.Equal(new ProjectBox(170, -20, -170, 0), query.Box);
        Assert.Equal(["reunion", "kisumu"], query.Words);
        Assert.Equal(10, query.Limit);
        Assert.False(query.IsUnfiltered);
    }

    [Fact]
    public void NothingGivenIsTheWholeMapsFirstPage()
    {
        var query = Valid("");

        Assert.True(query.IsUnfiltered);
        Assert.Null(query.Cursor);
        Assert.Equal(ProjectQuery.DefaultLimit, query.Limit);
        Assert.True(Valid("?q=%20%20&topic=").IsUnfiltered);
    }

    [Theory]
    [InlineData("topic", "Not A Slug")]
    [InlineData("topic", "<script>")]
    [InlineData("country", "KEN")]
    [InlineData("country", "1a")]
    [InlineData("status", "2")]
    [InlineData("status", "active")]
    [InlineData("status", "Implementation")]
    [InlineData("practice", "tillage")]
    [InlineData("standard", "VCS")]
    [InlineData("bbox", "1,2,3")]
    [InlineData("bbox", "a,b,c,d")]
    [InlineData("bbox", "1,2,3,4,5")]
    [InlineData("bbox", "-181,0,0,1")]
    [InlineData("bbox", "0,-91,1,0")]
    [InlineData("bbox", "0,10,1,5")]
    [InlineData("bbox", "NaN,0,1,1")]
    [InlineData("bbox", "Infinity,0,1,1")]
    [InlineData("bbox", "1e2,0,1,1")]
    [InlineData("bbox", "0x10,0,1,1")]
    [InlineData("limit", "0")]
    [InlineData("limit", "201")]
    [InlineData("limit", "-5")]
    [InlineData("limit", "ten")]
    [InlineData("cursor", "!!!")]
    [InlineData("cursor", "bm90LWEtY3Vyc29y")]
    [InlineData("q", "kisumu\u202Eevil")]
    [InlineData("q", "a\u0007b")]
    [InlineData("q", "one two three four five six seven eight nine ten eleven")]
    public void ABadValueIsRefusedNamingItsParameter(string name, string value)
    {
        var errors = Invalid(new Dictionary<string, StringValues> { [name] = value });

        Assert.Equal([name], errors.Keys);
    }

    [Fact]
    public void AnOverlongSearchIsRefused() =>
        Assert.Equal(["q"], Invalid(new Dictionary<string, StringValues> { ["q"] = new string('a', ProjectQuery.MaxSearchLength + 1) }).Keys);

    [Fact]
    public void AParameterGivenTwiceIsRefused() =>
        Assert.Equal(["country"], Invalid(new Dictionary<string, StringValues> { ["country"] = new(["KE", "UG"]) }).Keys);

    [Fact]
    public void EveryBadParameterIsNamedAtOnce() =>
        Assert.Equal(
            ["bbox", "limit", "status"],
            Invalid(new Dictionary<string, StringValues> { ["status"] = "x", ["bbox"] = "x", ["limit"] = "x", ["topic"] = "biochar" }).Keys.Order(StringComparer.Ordinal));

    [Fact]
    public void ABoxAcrossTheAntimeridianHoldsFijiAndSamoaButNotWhatLiesBetween()
    {
        var box = Valid("?bbox=170,-20,-170,0").Box!;

        Assert.True(box.CrossesAntimeridian);
        Assert.True(box.Contains(new GeoPoint(-18.1, 178.4)));
        Assert.True(box.Contains(new GeoPoint(-13.8, -171.8)));
        Assert.True(box.Contains(new GeoPoint(-20, 180)));
        Assert.False(box.Contains(new GeoPoint(-10, 0)));
        Assert.False(box.Contains(new GeoPoint(-15.9, -5.7)));
        Assert.False(box.Contains(new GeoPoint(5, 178.4)));
    }

    [Fact]
    public void AnOrdinaryBoxHoldsItsInsideAndEdgesOnly()
    {
        var box = Valid("?bbox=33.9,-4.7,41.9,5.0").Box!;

        Assert.False(box.CrossesAntimeridian);
        Assert.True(box.Contains(new GeoPoint(-0.1, 34.8)));
        Assert.True(box.Contains(new GeoPoint(5.0, 41.9)));
        Assert.False(box.Contains(new GeoPoint(-18.1, 178.4)));
    }

    [Fact]
    public void ACursorReadsBackAsIssued()
    {
        var project = ProjectTestData.NewProject();
        var cursor = ProjectCursor.After(project);

        Assert.Equal(cursor, Valid("?cursor=" + cursor.Encode()).Cursor);
    }

    [Fact]
    public void SearchTextIsFoldedToLowercaseWordsWithoutAccents()
    {
        Assert.Equal("reunion kisumu osaka sao tome", ProjectSearch.Fold("Réunion, KISUMU—Ōsaka (São Tomé)"));
        Assert.Equal(["cafe", "creme"], ProjectSearch.Words("Café  CRÈME café"));
    }

    private static ProjectQuery Valid(string queryString) =>
        Assert.IsType<Validated<ProjectQuery>.Valid>(ProjectQuery.Parse(QueryString(queryString))).Value;

    private static IReadOnlyDictionary<string, string[]> Invalid(IDictionary<string, StringValues> query) =>
        Assert.IsType<Validated<ProjectQuery>.Invalid>(ProjectQuery.Parse(query)).Errors;

    private static QueryCollection QueryString(string value) => new(Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(value));
}
