using System.Text;
using System.Text.Json;
using CoP.Functions.Members;
using CoP.TestSupport;
using static CoP.Tests.Members.MemberTestFlows;

namespace CoP.Tests.Members;

/// <summary>
/// Malformed and malicious registrations: every answer is a 4xx problem or the uniform success, never a
/// 5xx, and a rejected one stores and sends nothing.
/// </summary>
public sealed class HostileRegistrationTests(StorageFixture storage)
{
    private const string Json = "application/json";
    private const string Form = "application/x-www-form-urlencoded";

    public static TheoryData<string, string, string?, int, bool> Cases()
    {
        static string J(object value) => JsonSerializer.Serialize(value);
        static string Valid(Action<Dictionary<string, object?>> change)
        {
            var body = new Dictionary<string, object?> { ["email"] = "valid@example.org", ["name"] = "Valid Name", ["consent"] = true };
            change(body);
            return J(body);
        }

        var deep = new StringBuilder("{\"email\":\"a@example.org\",\"name\":\"A\",\"consent\":true,\"x\":");
        deep.Append(string.Concat(Enumerable.Repeat("[", 40))).Append(string.Concat(Enumerable.Repeat("]", 40))).Append('}');

        return new TheoryData<string, string, string?, int, bool>
        {
            // label, body, content type, expected status, stored (only for 202)
            { "broken json", "{", Json, 400, false },
            { "array root", "[]", Json, 400, false },
            { "string root", "\"hello\"", Json, 400, false },
            { "null root", "null", Json, 400, false },
            { "empty body", "", Json, 400, false },
            { "email number", Valid(b => b["email"] = 123), Json, 400, false },
            { "email array", Valid(b => b["email"] = new[] { "a@example.org" }), Json, 400, false },
            { "name object", Valid(b => b["name"] = new { first = "A" }), Json, 400, false },
            { "consent string", Valid(b => b["consent"] = "yes"), Json, 400, false },
            { "newsletter number", Valid(b => b["newsletter"] = 1), Json, 400, false },
            { "topics string", Valid(b => b["topics"] = "biochar"), Json, 400, false },
            { "topics numbers", Valid(b => b["topics"] = new[] { 1, 2 }), Json, 400, false },
            { "topics null item", Valid(b => b["topics"] = new string?[] { null }), Json, 400, false },
            { "too many topics", Valid(b => b["topics"] = Enumerable.Repeat("biochar", 21).ToArray()), Json, 400, false },
            { "unknown topic", Valid(b => b["topics"] = new[] { "crypto" }), Json, 400, false },
            { "path topic", Valid(b => b["topics"] = new[] { "../topics" }), Json, 400, false },
            { "email without at", Valid(b => b["email"] = "valid.example.org"), Json, 400, false },
            { "email two ats", Valid(b => b["email"] = "a@b@example.org"), Json, 400, false },
            { "email no dot", Valid(b => b["email"] = "a@localhost"), Json, 400, false },
            { "email space", Valid(b => b["email"] = "a b@example.org"), Json, 400, false },
            { "email header injection", Valid(b => b["email"] = "a@example.org\r\nBcc: victim@example.org"), Json, 400, false },
            { "email list", Valid(b => b["email"] = "a@example.org,b@example.org"), Json, 400, false },
            { "email display name", Valid(b => b["email"] = "Someone <a@example.org>"), Json, 400, false },
            { "email semicolon", Valid(b => b["email"] = "a@example.org;b@example.org"), Json, 400, false },
            { "email too long", Valid(b => b["email"] = new string('a', 60) + "@" + string.Join('.', Enumerable.Repeat(new string('b', 60), 4)) + ".org"), Json, 400, false },
            { "email long local", Valid(b => b["email"] = new string('a', 70) + "@example.org"), Json, 400, false },
            { "email rtl override", Valid(b => b["email"] = "gro.elpmaxe@\u202Eevil"), Json, 400, false },
            { "email zero width", Valid(b => b["email"] = "a\u200B@example.org"), Json, 400, false },
            { "email nul", Valid(b => b["email"] = "a\u0000@example.org"), Json, 400, false },
            { "email dot dot", Valid(b => b["email"] = "a..b@example.org"), Json, 400, false },
            { "email domain dash", Valid(b => b["email"] = "a@-example.org"), Json, 400, false },
            { "email empty", Valid(b => b["email"] = ""), Json, 400, false },
            { "email missing", Valid(b => b.Remove("email")), Json, 400, false },
            { "name missing", Valid(b => b.Remove("name")), Json, 400, false },
            { "name control only", Valid(b => b["name"] = "\u0000\u0001\u0002"), Json, 400, false },
            { "name whitespace only", Valid(b => b["name"] = " \t\r\n "), Json, 400, false },
            { "name invisible only", Valid(b => b["name"] = "\u200B\u200D\u2060"), Json, 400, false },
            { "name too long", Valid(b => b["name"] = new string('n', 101)), Json, 400, false },
            { "organization too long", Valid(b => b["organization"] = new string('o', 151)), Json, 400, false },
            { "role too long", Valid(b => b["role"] = new string('r', 101)), Json, 400, false },
            { "country unknown", Valid(b => b["country"] = "XX"), Json, 400, false },
            { "country alpha3", Valid(b => b["country"] = "FRA"), Json, 400, false },
            { "country number", Valid(b => b["country"] = 250), Json, 400, false },
            { "language unknown", Valid(b => b["language"] = "xx"), Json, 400, false },
            { "language word", Valid(b => b["language"] = "english"), Json, 400, false },
            { "consent false", Valid(b => b["consent"] = false), Json, 400, false },
            { "consent missing", Valid(b => b.Remove("consent")), Json, 400, false },
            { "form started text in json", Valid(b => b["formStartedAt"] = "soon"), Json, 400, false },
            { "deep nesting", deep.ToString(), Json, 400, false },
            { "form repeated email", "email=a%40example.org&email=b%40example.org&name=A&consent=on", Form, 400, false },
            { "form consent maybe", "email=a%40example.org&name=A&consent=maybe", Form, 400, false },
            { "form newsletter two", "email=a%40example.org&name=A&consent=on&newsletter=2", Form, 400, false },
            { "form no consent", "email=a%40example.org&name=A", Form, 400, false },
            { "multipart without boundary", "--x\r\nContent-Disposition: form-data; name=\"email\"\r\n\r\na@example.org\r\n--x--\r\n", "multipart/form-data", 400, false },
            { "multipart broken", "--x\r\nthis is not a part", "multipart/form-data; boundary=x", 400, false },
            { "multipart file", "--x\r\nContent-Disposition: form-data; name=\"email\"\r\n\r\na@example.org\r\n--x\r\nContent-Disposition: form-data; name=\"cv\"; filename=\"cv.exe\"\r\nContent-Type: application/octet-stream\r\n\r\nMZ\r\n--x--\r\n", "multipart/form-data; boundary=x", 400, false },
            { "text plain", "email=a@example.org", "text/plain", 415, false },
            { "xml", "<registration/>", "application/xml", 415, false },
            { "no content type", Valid(_ => { }), null, 415, false },
            { "latin1 json", Valid(_ => { }), "application/json; charset=iso-8859-1", 415, false },
            { "oversized body", Valid(b => b["organization"] = new string('o', 17 * 1024)), Json, 413, false },
            { "huge topics array", Valid(b => b["topics"] = Enumerable.Repeat("biochar", 3000).ToArray()), Json, 413, false },
            { "script in name", Valid(b => b["name"] = "<script>alert(1)</script>"), Json, 202, true },
            { "html attribute in name", Valid(b => b["name"] = "\"><img src=x onerror=alert(1)>"), Json, 202, true },
            { "rtl override in name", Valid(b => b["name"] = "Ali\u202Ece"), Json, 400, false },
            { "rtl isolate in organization", Valid(b => b["organization"] = "Soil\u2067 Institute"), Json, 400, false },
            { "tag characters in role", Valid(b => b["role"] = "Researcher\U000E0041"), Json, 400, false },
            { "emoji in name", Valid(b => b["name"] = "Amina 🌱"), Json, 202, true },
            { "header injection in name", Valid(b => b["name"] = "Amina\r\nBcc: victim@example.org"), Json, 400, false },
            { "zero width in name", Valid(b => b["name"] = "Ami\u200Bna"), Json, 202, true },
            { "idn domain", Valid(b => b["email"] = "user@bücher.example"), Json, 202, true },
            { "padded uppercase email", Valid(b => b["email"] = "  VALID@EXAMPLE.ORG  "), Json, 202, true },
            { "honeypot filled", Valid(b => b["website"] = "http://spam.example"), Json, 202, false },
            { "unknown extra field", Valid(b => b["isAdmin"] = true), Json, 202, true },
        };
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task HostileRegistrationGetsA4xxOrTheUniformSuccessAndNeverA5xx(string label, string body, string? contentType, int expectedStatus, bool stored)
    {
        await using var app = TestApp.Create(storage);
        var request = app.Raw("POST", "/api/registrations", body, contentType);

        var response = await TestResponse.ExecuteAsync(await app.Function<RegisterMemberFunction>().RegisterMember(request, Ct), request);

        Assert.True(expectedStatus == response.Status, $"{label}: {response.Status} {response.Body}");
        if (expectedStatus >= 400)
        {
            Assert.Equal("application/problem+json", response.ContentType);
        }
        else
        {
            Assert.Equal((await RegisterAsync(app, Registration("reference@example.org"))).Body, response.Body);
        }

        var expectedMembers = (stored ? 1 : 0) + (expectedStatus == 202 ? 1 : 0);
        Assert.Equal(expectedMembers, await RowCountAsync(app, "Members"));
        Assert.Equal(expectedMembers, app.Outbox().Count);
        Assert.DoesNotContain(app.Logs.Entries, e => e.Level >= Microsoft.Extensions.Logging.LogLevel.Error);
    }

    [Fact]
    public async Task NoEmailAddressOrNameAppearsInAnyLogLine()
    {
        await using var app = TestApp.Create(storage);
        var (member, token) = await ConfirmedMemberAsync(app, "privacy.check@example.org");
        await RegisterAsync(app, Registration("privacy.check@example.org"));
        await RequestAccessLinkAsync(app, "privacy.check@example.org");
        await PatchProfileAsync(app, token, """{"name":"Renamed Person","newsletter":false}""");
        await app.Get<CoP.Shared.Members.MemberAccountService>().EraseAsync(member.MemberId, new CoP.Shared.Members.RequestOrigin(null, "test"), Ct);

        Assert.NotEmpty(app.Logs.Entries);
        foreach (var entry in app.Logs.Entries)
        {
            foreach (var personal in new[] { "privacy.check", "example.org", "Amina", "Diallo", "Renamed Person", "Soil Institute" })
            {
                Assert.DoesNotContain(personal, entry.AllText, StringComparison.OrdinalIgnoreCase);
            }
        }
    }
}
