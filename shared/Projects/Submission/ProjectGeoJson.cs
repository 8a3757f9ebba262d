using System.Globalization;
using System.Text;
using System.Text.Json;
using CoP.Shared.Events;
using CoP.Shared.Validation;
using NetTopologySuite.Geometries;
using NetTopologySuite.IO.Converters;
using NetTopologySuite.Operation.Valid;

namespace CoP.Shared.Projects.Submission;

/// <summary>
/// A project's location and boundary as GeoJSON (RFC 7946: WGS 84, longitude first), read with NetTopologySuite's
/// GeoJSON reader and checked: a two-dimensional Point in range; a Polygon or MultiPolygon bounded in bytes and
/// vertices, valid (closed rings, no self-intersection), of a project's size and around or near the point. Boundaries
/// across the antimeridian are not taken (their box would span the globe).
/// </summary>
public static class ProjectGeoJson
{
    /// <summary>The longest boundary, in bytes of its JSON.</summary>
    public const int MaxBoundaryBytes = 256 * 1024;

    public const int MaxBoundaryVertices = 10_000;

    public const int MaxBoundaryPolygons = 50;

    /// <summary>The widest and tallest a boundary's box may be, in degrees (about 550 km at the equator): a project, not a region.</summary>
    public const double MaxBoundarySpan = 5;

    /// <summary>How far from the boundary the point may lie, in degrees (about 55 km): "near" a place it describes.</summary>
    public const double MaxPointDistance = 0.5;

    /// <summary>The mean radius of WGS 84 in metres, for areas on the sphere.</summary>
    private const double EarthRadius = 6_371_008.8;

    private static readonly HashSet<string> GeometryMembers = new(["type", "coordinates", "bbox"], StringComparer.Ordinal);

    /// <summary>GeoJSON in and out: geometries of the WGS 84 factory, rings written counter-clockwise as RFC 7946 asks.</summary>
    public static readonly JsonSerializerOptions Options = new()
    {
        Converters = { new GeoJsonConverterFactory(new GeometryFactory(new PrecisionModel(), 4326), false, "id", RingOrientationOption.EnforceRfc9746) },
    };

    /// <summary>The point of a GeoJSON Point, or null with an error on <paramref name="field"/>.</summary>
    public static GeoPoint? ReadPoint(JsonElement json, string field, FieldErrors errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        const string shape = "a GeoJSON Point: {\"type\":\"Point\",\"coordinates\":[longitude, latitude]}";
        if (Read(json, field, errors, shape) is not { } geometry)
        {
            return null;
        }

        if (geometry is not Point { IsEmpty: false } point || !double.IsNaN(point.Coordinate.Z) || json.GetProperty("coordinates").GetArrayLength() != 2)
        {
            errors.Add(field, $"This is {shape}.");
            return null;
        }

        if (!InRange(point.Coordinate))
        {
            errors.Add(field, "The longitude is between -180 and 180 and the latitude between -90 and 90 (WGS 84 degrees).");
            return null;
        }

        return new GeoPoint(point.Y, point.X);
    }

    /// <summary>The checked boundary of a GeoJSON Polygon or MultiPolygon around or near <paramref name="point"/>, or null with an error.</summary>
    public static BoundaryShape? ReadBoundary(JsonElement json, string field, GeoPoint? point, FieldErrors errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        const string shape = "a GeoJSON Polygon or MultiPolygon";
        if (Encoding.UTF8.GetByteCount(json.GetRawText()) > MaxBoundaryBytes)
        {
            errors.Add(field, $"The boundary may be at most {MaxBoundaryBytes / 1024} KiB of GeoJSON; simplify it.");
            return null;
        }

        if (Read(json, field, errors, shape) is not { } geometry)
        {
            return null;
        }

        var message = geometry switch
        {
            not (Polygon or MultiPolygon) => $"This is {shape}.",
            { IsEmpty: true } => "The boundary has no area.",
            MultiPolygon { NumGeometries: > MaxBoundaryPolygons } => $"The boundary has at most {MaxBoundaryPolygons} polygons.",
            { NumPoints: > MaxBoundaryVertices } => $"The boundary has at most {MaxBoundaryVertices} vertices; simplify it.",
            _ when geometry.Coordinates.Any(c => !InRange(c) || !double.IsNaN(c.Z)) =>
                "Every position is [longitude, latitude], longitude between -180 and 180 and latitude between -90 and 90.",
            _ => Invalid(geometry),
        };
        if (message is null)
        {
            var box = geometry.EnvelopeInternal;
            message = box.Width > MaxBoundarySpan || box.Height > MaxBoundarySpan
                ? $"The boundary spans at most {MaxBoundarySpan.ToString(CultureInfo.InvariantCulture)} degrees each way (a boundary across the 180th meridian is not taken)."
                : point is { } p && geometry.Distance(new Point(p.Longitude, p.Latitude)) > MaxPointDistance
                    ? "The boundary lies around or near the location."
                    : null;
        }

        if (errors.AddIf(field, message) is not null)
        {
            return null;
        }

        var envelope = geometry.EnvelopeInternal;
        return new BoundaryShape(
            JsonSerializer.Serialize(geometry, Options), envelope.MinX, envelope.MinY, envelope.MaxX, envelope.MaxY, Math.Round(Hectares(geometry), 2));
    }

    /// <summary>The area of a (multi)polygon of WGS 84 degrees on the mean sphere, in hectares.</summary>
    public static double Hectares(Geometry geometry)
    {
        ArgumentNullException.ThrowIfNull(geometry);
        var squareMetres = 0.0;
        for (var i = 0; i < geometry.NumGeometries; i++)
        {
            if (geometry.GetGeometryN(i) is Polygon polygon)
            {
                squareMetres += Math.Abs(RingArea(polygon.ExteriorRing.Coordinates)) - polygon.InteriorRings.Sum(hole => Math.Abs(RingArea(hole.Coordinates)));
            }
        }

        return squareMetres / 10_000;
    }

    private static Geometry? Read(JsonElement json, string field, FieldErrors errors, string shape)
    {
        if (json.ValueKind != JsonValueKind.Object || json.EnumerateObject().Any(m => !GeometryMembers.Contains(m.Name))
            || !json.TryGetProperty("coordinates", out var coordinates) || coordinates.ValueKind != JsonValueKind.Array)
        {
            errors.Add(field, $"This is {shape}.");
            return null;
        }

        try
        {
            return json.Deserialize<Geometry>(Options) ?? throw new JsonException("No geometry.");
        }
        catch (Exception exception) when (exception is JsonException or FormatException or InvalidOperationException or ArgumentException or NotSupportedException)
        {
            errors.Add(field, $"This is {shape}; it could not be read.");
            return null;
        }
    }

    private static string? Invalid(Geometry geometry)
    {
        var error = new IsValidOp(geometry).ValidationError;
        return error is null ? null : $"The boundary is not a valid shape: {error.Message} (rings are closed and do not cross themselves or each other).";
    }

    private static bool InRange(Coordinate c) =>
        double.IsFinite(c.X) && double.IsFinite(c.Y) && c.X is >= -180 and <= 180 && c.Y is >= -90 and <= 90;

    /// <summary>A ring's signed area on the sphere (Chamberlain and Duquette, "Some algorithms for polygons on a sphere", 2007).</summary>
    private static double RingArea(Coordinate[] ring)
    {
        var n = ring.Length;
        if (n < 4)
        {
            return 0;
        }

        var sum = 0.0;
        for (var i = 0; i < n - 1; i++)
        {
            var (low, middle, high) = (ring[i], ring[(i + 1) % (n - 1)], ring[(i + 2) % (n - 1)]);
            sum += (Radians(high.X) - Radians(low.X)) * Math.Sin(Radians(middle.Y));
        }

        return sum * EarthRadius * EarthRadius / 2;
    }

    private static double Radians(double degrees) => degrees * Math.PI / 180;
}
