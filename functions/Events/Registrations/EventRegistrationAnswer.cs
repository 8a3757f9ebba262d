using System.Text.Json.Serialization;

namespace CoP.Functions.Events.Registrations;

/// <summary>Where a member stands for an event: <c>registered</c>, or <c>waitlisted</c> at <see cref="Position"/> (1: next to move up).</summary>
public sealed record EventRegistrationAnswer(
    string Status,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] int? Position);
