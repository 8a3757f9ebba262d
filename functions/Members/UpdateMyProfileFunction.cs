using System.Text.Json;
using CoP.Functions.Http;
using CoP.Shared.Members;
using CoP.Shared.Topics;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace CoP.Functions.Members;

/// <summary>
/// PATCH /api/members/me: changes the member's own profile (JSON merge patch: fields sent change, null
/// clears an optional one). The email address cannot be changed here.
/// </summary>
public sealed class UpdateMyProfileFunction(MemberAccountService accounts, TopicStore topics)
{
    private const int MaxBodyBytes = 8 * 1024;

    [Function(nameof(UpdateMyProfile))]
    public async Task<IResult> UpdateMyProfile(
        [HttpTrigger(AuthorizationLevel.Anonymous, "patch", Route = "members/me")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        var (member, refusal) = await MemberRequest.AuthenticateAsync(request, accounts, MemberAction.ChangeProfile, cancellationToken);
        if (member is null)
        {
            return refusal!;
        }

        var body = await JsonRequestBody.ReadAsync<Dictionary<string, JsonElement>>(request, MaxBodyBytes, cancellationToken);
        if (body.Value is not { } patch)
        {
            return body.Problem!;
        }

        // A member keeps topics that were retired since they chose them; new choices come from the catalog.
        var allowed = (await topics.ListActiveAsync(cancellationToken)).Select(t => t.Slug).ToHashSet(StringComparer.Ordinal);
        allowed.UnionWith(member.Topics.Split(',', StringSplitOptions.RemoveEmptyEntries));
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var changes = ProfilePatch.Read(patch, allowed, errors);
        if (errors.Count > 0)
        {
            return Problems.Validation(errors);
        }

        var (outcome, updated) = await accounts.UpdateProfileAsync(member.MemberId, changes, RequestOrigins.From(request, "api"), cancellationToken);
        return outcome switch
        {
            ProfileUpdateOutcome.Updated => TypedResults.Ok(ProfileResponse.From(updated!.ToMember())),
            ProfileUpdateOutcome.Conflict => Problems.Conflict("The profile was being changed at the same time; send the change again."),
            _ => MemberTokens.Unauthorized(),
        };
    }
}

/// <summary>Reads a merge patch of the profile into validated changes.</summary>
public static class ProfilePatch
{
    public static ProfileChanges Read(Dictionary<string, JsonElement> patch, IReadOnlySet<string> allowedTopics, Dictionary<string, string[]> errors)
    {
        var changes = new ProfileChanges();
        foreach (var (field, value) in patch)
        {
            switch (field)
            {
                case "name":
                    changes = value.ValueKind != JsonValueKind.String
                        ? Record(errors, field, "The name is a string and cannot be removed.", changes)
                        : MemberRules.CheckName(value.GetString(), out var name) is { } nameError
                            ? Record(errors, field, nameError, changes)
                            : changes with { Name = name };
                    break;
                case "organization":
                    changes = Text(value, field, MemberRules.MaxOrganizationLength, errors, changes, (c, v) => c with { Organization = v, ClearOrganization = v is null });
                    break;
                case "role":
                    changes = Text(value, field, MemberRules.MaxRoleLength, errors, changes, (c, v) => c with { Role = v, ClearRole = v is null });
                    break;
                case "country":
                    changes = value.ValueKind switch
                    {
                        JsonValueKind.Null => changes with { ClearCountry = true },
                        JsonValueKind.String when MemberRules.CheckCountry(value.GetString(), out var country) is null && country is not null => changes with { Country = country },
                        _ => Record(errors, field, "The country must be an ISO 3166-1 alpha-2 code such as FR or KE, or null.", changes),
                    };
                    break;
                case "language":
                    changes = value.ValueKind == JsonValueKind.String && MemberRules.CheckLanguage(value.GetString(), out var language) is null
                        ? changes with { Language = language }
                        : Record(errors, field, $"The language must be one of: {string.Join(", ", MemberRules.Languages)}.", changes);
                    break;
                case "newsletter":
                    changes = value.ValueKind is JsonValueKind.True or JsonValueKind.False
                        ? changes with { Newsletter = value.GetBoolean() }
                        : Record(errors, field, "Use true or false.", changes);
                    break;
                case "topics":
                    changes = Topics(value, allowedTopics, errors, changes);
                    break;
                default:
                    errors[field] = [field == "email" ? "The email address cannot be changed; register the new address instead." : "This field does not exist or cannot be changed."];
                    break;
            }
        }

        return changes;
    }

    private static ProfileChanges Text(
        JsonElement value, string field, int maxLength, Dictionary<string, string[]> errors, ProfileChanges changes, Func<ProfileChanges, string?, ProfileChanges> apply)
    {
        if (value.ValueKind == JsonValueKind.Null)
        {
            return apply(changes, null);
        }

        if (value.ValueKind != JsonValueKind.String)
        {
            return Record(errors, field, "The value is a string or null.", changes);
        }

        var error = MemberRules.CheckOptionalText(value.GetString(), maxLength, field, out var cleaned);
        return error is null ? apply(changes, cleaned) : Record(errors, field, error, changes);
    }

    private static ProfileChanges Topics(JsonElement value, IReadOnlySet<string> allowed, Dictionary<string, string[]> errors, ProfileChanges changes)
    {
        if (value.ValueKind == JsonValueKind.Null)
        {
            return changes with { Topics = [] };
        }

        if (value.ValueKind != JsonValueKind.Array || value.EnumerateArray().Any(t => t.ValueKind != JsonValueKind.String))
        {
            return Record(errors, "topics", "Topics are an array of slugs.", changes);
        }

        var error = MemberRules.CheckTopics(value.EnumerateArray().Select(t => t.GetString()!).ToList(), allowed, out var topics);
        return error is null ? changes with { Topics = topics } : Record(errors, "topics", error, changes);
    }

    private static ProfileChanges Record(Dictionary<string, string[]> errors, string field, string? error, ProfileChanges changes)
    {
        if (error is not null)
        {
            errors[field] = [error];
        }

        return changes;
    }
}
