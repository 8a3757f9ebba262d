using System.Net;
using System.Text.RegularExpressions;
using CoP.Functions.Members;
using CoP.Shared.Topics;
using CoP.TestSupport;
using static CoP.Tests.Members.MemberTestFlows;

namespace CoP.Tests.Members;

/// <summary>
/// The join page (<c>GET /api/join</c>) and its form posted back to <c>RegisterMember</c> as a browser posts it: what the
/// form offers, how a refused post comes back (400, values kept and encoded, errors beside their fields, nothing stored),
/// and where an accepted one leads.
/// </summary>
public sealed partial class JoinPageTests(StorageFixture storage)
{
    private const string BrowserAccept = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8";

    [Fact]
    public async Task FormOffersTheActiveTopicsOnlyAndTicksThoseTheLinkNames()
    {
        await using var app = TestApp.Create(storage);
        Assert.IsType<TopicRetirement.Retired>(await app.Get<TopicStore>().RetireAsync("biochar", Ct));

        var page = await JoinAsync(app, "?topic=policy-alignment&topic=monitoring-slm,no-such-topic&topic=biochar");

        Assert.Equal(200, page.Status);
        Assert.StartsWith("text/html", page.ContentType, StringComparison.Ordinal);
        var offered = TopicBoxes().Matches(page.Body).Select(m => (m.Groups["slug"].Value, m.Groups["checked"].Success)).ToList();
        var active = DefaultTopics.All.Select(t => t.Slug).Where(s => s != "biochar").Order(StringComparer.Ordinal);
        Assert.Equal(active, offered.Select(o => o.Item1).Order(StringComparer.Ordinal));
        Assert.Equal(["monitoring-slm", "policy-alignment"], offered.Where(o => o.Item2).Select(o => o.Item1).Order(StringComparer.Ordinal));
        Assert.Contains("<form method=\"post\" action=\"/api/registrations\" novalidate>", page.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task EveryInputHasALabelAndTheBotTrapIsHiddenFromPeople()
    {
        await using var app = TestApp.Create(storage);

        var page = await JoinAsync(app);

        var form = Form(page.Body);
        var labelled = LabelFor().Matches(form).Select(m => m.Groups[1].Value).ToHashSet(StringComparer.Ordinal);
        foreach (Match control in Control().Matches(form))
        {
            var tag = control.Value;
            if (tag.Contains("type=\"hidden\"", StringComparison.Ordinal))
            {
                continue;
            }

            var id = Id().Match(tag);
            Assert.True(
                (id.Success && labelled.Contains(id.Groups[1].Value)) || IsInsideALabel(form, control.Index),
                $"no label for {tag}");
        }

        Assert.Subset(labelled, new HashSet<string>(["email", "name", "organization", "role", "country", "language", "newsletter", "consent"], StringComparer.Ordinal));
        var trap = Assert.Single(HoneypotBlock().Matches(form));
        Assert.Contains("<label for=\"website\">Leave this field empty</label>", trap.Value, StringComparison.Ordinal);
        Assert.Contains("<input id=\"website\" name=\"website\" type=\"text\" tabindex=\"-1\" autocomplete=\"off\" value=\"\">", trap.Value, StringComparison.Ordinal);
        Assert.Matches("name=\"formStartedAt\" value=\"[0-9]{13}\"", form);
    }

    public static TheoryData<string, string, string, string> Languages() => new()
    {
        { "en", "Join Climate-Soil Community of Practice", "Join the community", "To join, tick the box to agree to the privacy terms." },
        { "fr", "Rejoindre Climate-Soil Community of Practice", "Rejoindre la communauté", "Pour nous rejoindre, cochez la case pour accepter les conditions de confidentialité." },
        { "es", "Unirse a Climate-Soil Community of Practice", "Unirme a la comunidad", "Para unirse, marque la casilla para aceptar las condiciones de privacidad." },
    };

    [Theory]
    [MemberData(nameof(Languages))]
    public async Task FormAndItsErrorsSpeakThePagesLanguage(string language, string title, string button, string consentError)
    {
        await using var app = TestApp.Create(storage);

        var blank = await JoinAsync(app, language: language);
        var refused = await PostAsync(app, [new("email", "kofi@example.org"), new("name", "Kofi")], language);

        Assert.Equal(language, blank.Headers.ContentLanguage.ToString());
        Assert.Contains($"<h1>{title}</h1>", blank.Body, StringComparison.Ordinal);
        Assert.Contains($"<button type=\"submit\">{button}</button>", blank.Body, StringComparison.Ordinal);
        Assert.Matches($"<option value=\"{language}\" selected>", blank.Body);
        Assert.Equal(400, refused.Status);
        Assert.Contains($"<span class=\"error\" id=\"consent-error\">{consentError}</span>", refused.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MarkupInEveryFieldIsRefusedShownBackEncodedAndNothingIsStored()
    {
        await using var app = TestApp.Create(storage);
        const string Markup = "<script>alert(1)</script><img src=x onerror=alert(2)>\"'&";
        // Every field a person fills in (the bot traps answer as a success, and say nothing).
        var fields = new[] { "email", "name", "organization", "role", "country", "language", "topics", "newsletter", "consent" }
            .Select(field => KeyValuePair.Create(field, Markup)).ToList();

        var page = await PostAsync(app, fields);

        Assert.Equal(400, page.Status);
        Assert.StartsWith("text/html", page.ContentType, StringComparison.Ordinal);
        var main = MainOf(page.Body);
        Assert.DoesNotContain("<script", main, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<img", main, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("onerror=alert", Regex.Replace(main, "value=\"[^\"]*\"", ""), StringComparison.Ordinal);
        foreach (var field in new[] { "email", "name", "organization", "role" })
        {
            Assert.Equal(Markup, WebUtility.HtmlDecode(Regex.Match(main, $"<input id=\"{field}\"[^>]* value=\"([^\"]*)\"").Groups[1].Value));
        }

        Assert.Equal(0, await app.QueuedMailCountAsync(Ct));
        Assert.DoesNotContain("alert(", await AllTableTextAsync(app), StringComparison.Ordinal);
        await app.DeliverQueuedMailAsync(Ct);
        Assert.Empty(app.Outbox());
    }

    [Fact]
    public async Task EachErrorIsTiedToItsFieldAndListedAtTheTop()
    {
        await using var app = TestApp.Create(storage);

        var page = await PostAsync(app, [
            new("email", "not-an-address"), new("name", new string('n', 101)), new("organization", "Soil\u202EInstitute"), new("country", "ZZ"),
            new("topics", "no-such-topic"), new("language", "xx"), new("role", "Agronomist"),
        ]);

        Assert.Equal(400, page.Status);
        var main = MainOf(page.Body);
        Assert.Contains("<div class=\"alert\" role=\"alert\"><h2>Please correct the form</h2>", main, StringComparison.Ordinal);
        foreach (var field in new[] { "email", "name", "organization", "country", "language", "consent" })
        {
            Assert.Matches($"id=\"{field}\"[^>]* aria-invalid=\"true\" aria-describedby=\"{field}-error\"", main);
            Assert.Contains($"<span class=\"error\" id=\"{field}-error\">", main, StringComparison.Ordinal);
            Assert.Contains($"<li><a href=\"#{field}\">", main, StringComparison.Ordinal);
        }

        Assert.Contains("<fieldset id=\"topics\" aria-describedby=\"topics-error\">", main, StringComparison.Ordinal);
        Assert.Contains("<span class=\"error\" id=\"topics-error\">Choose topics from the list.</span>", main, StringComparison.Ordinal);
        Assert.Contains("Your name can be at most 100 characters long.", main, StringComparison.Ordinal);
        Assert.DoesNotMatch("id=\"role\"[^>]* aria-invalid", main);
        Assert.Contains("value=\"Agronomist\"", main, StringComparison.Ordinal);
        Assert.Equal(0, await app.QueuedMailCountAsync(Ct));
    }

    [Fact]
    public async Task AcceptedPostLeadsToTheCheckInboxPageAndTheBotTrapAnswersTheSame()
    {
        await using var app = TestApp.Create(storage);
        var started = DateTimeOffset.UtcNow.AddMinutes(-2).ToUnixTimeMilliseconds().ToString(System.Globalization.CultureInfo.InvariantCulture);

        var person = await PostAsync(app, [new("email", "kofi@example.org"), new("name", "Kofi"), new("consent", "on"), new("topics", "biochar"), new("formStartedAt", started), new("website", "")]);
        var bot = await PostAsync(app, [new("email", "bot@example.org"), new("name", "Bot"), new("consent", "on"), new("website", "https://spam.example")]);

        Assert.Equal((303, "/api/join?sent=1"), (person.Status, person.Headers.Location.ToString()));
        Assert.Equal((303, "/api/join?sent=1"), (bot.Status, bot.Headers.Location.ToString()));
        await app.DeliverQueuedMailAsync(Ct);
        Assert.NotNull(await MemberByEmailAsync(app, "kofi@example.org"));
        Assert.Null(await MemberByEmailAsync(app, "bot@example.org"));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("application/json")]
    [InlineData("*/*")]
    public async Task ScriptsAreToldThePageIsForBrowsers(string? accept)
    {
        await using var app = TestApp.Create(storage);
        var request = app.Get("/api/join");
        if (accept is not null)
        {
            request.WithHeader("Accept", accept);
        }

        var response = await ExecuteAsync(request, app.Function<ShowRegistrationFormFunction>().ShowRegistrationForm(request, Ct));

        Assert.Equal(406, response.Status);
        Assert.Equal("application/problem+json", response.ContentType);
    }

    private static async Task<TestResponse> JoinAsync(TestApp app, string query = "", string language = "en")
    {
        var request = app.Get("/api/join" + query).WithHeader("Accept", BrowserAccept).WithHeader("Accept-Language", language);
        return await ExecuteAsync(request, app.Function<ShowRegistrationFormFunction>().ShowRegistrationForm(request, Ct));
    }

    private static async Task<TestResponse> PostAsync(TestApp app, IEnumerable<KeyValuePair<string, string>> fields, string language = "en")
    {
        var request = TestRequests.Form(app.Services, "POST", "/api/registrations", fields)
            .WithHeader("Accept", BrowserAccept).WithHeader("Accept-Language", language);
        return await ExecuteAsync(request, app.Function<RegisterMemberFunction>().RegisterMember(request, Ct));
    }

    private static string MainOf(string html) =>
        html[html.IndexOf("<main", StringComparison.Ordinal)..html.IndexOf("</main>", StringComparison.Ordinal)];

    private static string Form(string html) =>
        html[html.IndexOf("<form", StringComparison.Ordinal)..html.IndexOf("</form>", StringComparison.Ordinal)];

    private static bool IsInsideALabel(string html, int index) =>
        html.LastIndexOf("<label", index, StringComparison.Ordinal) > html.LastIndexOf("</label>", index, StringComparison.Ordinal);

    [GeneratedRegex("<input type=\"checkbox\" name=\"topics\" value=\"(?<slug>[^\"]+)\"(?<checked> checked)?>")]
    private static partial Regex TopicBoxes();

    [GeneratedRegex("<label (?:class=\"choice\" )?for=\"([^\"]+)\"")]
    private static partial Regex LabelFor();

    [GeneratedRegex("<(?:input|select|textarea)\\b[^>]*>")]
    private static partial Regex Control();

    [GeneratedRegex("\\bid=\"([^\"]+)\"")]
    private static partial Regex Id();

    [GeneratedRegex("<div class=\"visually-hidden\" aria-hidden=\"true\">.*?</div>")]
    private static partial Regex HoneypotBlock();
}
