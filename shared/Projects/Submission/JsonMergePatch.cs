using System.Text.Json;
using System.Text.Json.Nodes;

namespace CoP.Shared.Projects.Submission;

/// <summary>
/// JSON Merge Patch (RFC 7396): an object patch sets its members on the target (recursively for objects), a
/// <c>null</c> member removes one, and anything else replaces the target whole (arrays included).
/// </summary>
public static class JsonMergePatch
{
    public static JsonNode? Apply(JsonNode? target, JsonElement patch)
    {
        if (patch.ValueKind != JsonValueKind.Object)
        {
            return JsonNode.Parse(patch.GetRawText());
        }

        var result = target as JsonObject ?? [];
        foreach (var member in patch.EnumerateObject())
        {
            if (member.Value.ValueKind == JsonValueKind.Null)
            {
                result.Remove(member.Name);
                continue;
            }

            var current = result[member.Name];
            result.Remove(member.Name);
            result[member.Name] = Apply(current, member.Value);
        }

        return result;
    }
}
