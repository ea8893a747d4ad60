using System.Globalization;
using System.Text;
using static System.FormattableString;

namespace TrainerAcademy.Domain.Practical;

/// <summary>One object drawn on a scene: what it is, where its bounding box lies, and its colour.</summary>
public sealed record SceneObject(string Label, int X, int Y, int Width, int Height, string Colour);

/// <summary>One image of a bounding-box task: its size and the objects on it (their boxes are the gold answer).</summary>
public sealed record SceneImage(string Id, int Width, int Height, IReadOnlyList<SceneObject> Objects)
{
    public IEnumerable<BoundingBox> GoldBoxes => Objects.Select(o => new BoundingBox(Id, o.X, o.Y, o.Width, o.Height, o.Label));
}

/// <summary>
/// Draws the road scenes of a bounding-box task from a seed: each image shows 2 to 4 vehicles, pedestrians and traffic
/// signs that do not overlap, so every object's box is exact and each candidate can get a set of their own. The
/// same seed always gives the same scenes (<see cref="SplitMix64"/>), and <see cref="Svg"/> renders them.
/// </summary>
public static class BoxScene
{
    public const int Width = 640;
    public const int Height = 400;
    public const string Vehicle = "车辆";
    public const string Pedestrian = "行人";
    public const string Sign = "交通标志";

    public static readonly IReadOnlyList<string> Labels = [Vehicle, Pedestrian, Sign];

    private static readonly string[] VehicleColours = ["#d94841", "#2f6fb3", "#f2b134", "#3a9d5d", "#6b4fa3"];
    private static readonly string[] ClothesColours = ["#c2410c", "#1d4ed8", "#047857", "#7c3aed", "#be185d"];

    public static IReadOnlyList<SceneImage> Generate(long seed, int images)
    {
        if (images is < 1 or > PracticalTaskContent.MaxImages)
            throw new RuleViolation("practical-task.box-images", $"A bounding-box task shows 1 to {PracticalTaskContent.MaxImages} images.", "content");
        var random = new SplitMix64(seed);
        return [.. Enumerable.Range(1, images).Select(i => Image(i.ToString(CultureInfo.InvariantCulture), random))];
    }

    private static SceneImage Image(string id, SplitMix64 random)
    {
        var wanted = random.Next(2, 5);
        var objects = new List<SceneObject>();
        for (var tries = 0; objects.Count < wanted && tries < 200; tries++)
        {
            var label = Labels[random.Next(Labels.Count)];
            var (w, h) = label switch
            {
                Vehicle => (random.Next(110, 180), random.Next(55, 80)),
                Pedestrian => (random.Next(26, 36), random.Next(70, 100)),
                _ => (random.Next(36, 50), random.Next(80, 110)),
            };
            // Objects stand on the road (the lower part of the image), with a margin around each.
            var x = random.Next(10, Width - w - 10);
            var y = random.Next(150, Height - h - 10);
            var candidate = new SceneObject(label, x, y, w, h, label switch
            {
                Vehicle => VehicleColours[random.Next(VehicleColours.Length)],
                Pedestrian => ClothesColours[random.Next(ClothesColours.Length)],
                _ => "#1e3a8a",
            });
            if (objects.All(o => Apart(o, candidate))) objects.Add(candidate);
        }
        return new SceneImage(id, Width, Height, objects);
    }

    private static bool Apart(SceneObject a, SceneObject b) =>
        a.X + a.Width + 12 <= b.X || b.X + b.Width + 12 <= a.X || a.Y + a.Height + 12 <= b.Y || b.Y + b.Height + 12 <= a.Y;

    /// <summary>The image as SVG. Every object's drawing fills its bounding box exactly, edge to edge.</summary>
    public static string Svg(SceneImage image)
    {
        var svg = new StringBuilder();
        svg.Append(Invariant($"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{image.Width}\" height=\"{image.Height}\" viewBox=\"0 0 {image.Width} {image.Height}\">"));
        svg.Append(Invariant($"<rect width=\"{image.Width}\" height=\"140\" fill=\"#cfe8f7\"/>"));
        svg.Append(Invariant($"<rect y=\"140\" width=\"{image.Width}\" height=\"{image.Height - 140}\" fill=\"#8c9199\"/>"));
        for (var x = 20; x < image.Width; x += 90)
            svg.Append(Invariant($"<rect x=\"{x}\" y=\"{image.Height - 30}\" width=\"50\" height=\"6\" fill=\"#f5f5f4\"/>"));
        foreach (var o in image.Objects)
            switch (o.Label)
            {
                case Vehicle:
                    var wheel = Math.Max(8, o.Height / 5);
                    svg.Append(Invariant($"<rect x=\"{o.X}\" y=\"{o.Y + o.Height / 4}\" width=\"{o.Width}\" height=\"{o.Height * 3 / 4 - wheel}\" rx=\"8\" fill=\"{o.Colour}\"/>"));
                    svg.Append(Invariant($"<rect x=\"{o.X + o.Width / 5}\" y=\"{o.Y}\" width=\"{o.Width * 3 / 5}\" height=\"{o.Height / 4 + 4}\" rx=\"6\" fill=\"{o.Colour}\"/>"));
                    svg.Append(Invariant($"<circle cx=\"{o.X + wheel + 6}\" cy=\"{o.Y + o.Height - wheel}\" r=\"{wheel}\" fill=\"#1f2937\"/>"));
                    svg.Append(Invariant($"<circle cx=\"{o.X + o.Width - wheel - 6}\" cy=\"{o.Y + o.Height - wheel}\" r=\"{wheel}\" fill=\"#1f2937\"/>"));
                    break;
                case Pedestrian:
                    var head = o.Width / 2;
                    svg.Append(Invariant($"<circle cx=\"{o.X + head}\" cy=\"{o.Y + head}\" r=\"{head}\" fill=\"#f1c27d\"/>"));
                    svg.Append(Invariant($"<rect x=\"{o.X}\" y=\"{o.Y + 2 * head}\" width=\"{o.Width}\" height=\"{(o.Height - 2 * head) * 3 / 5}\" rx=\"4\" fill=\"{o.Colour}\"/>"));
                    svg.Append(Invariant($"<rect x=\"{o.X + 2}\" y=\"{o.Y + 2 * head + (o.Height - 2 * head) * 3 / 5}\" width=\"{o.Width - 4}\" height=\"{o.Height - 2 * head - (o.Height - 2 * head) * 3 / 5}\" fill=\"#374151\"/>"));
                    break;
                default:
                    svg.Append(Invariant($"<rect x=\"{o.X + o.Width / 2 - 3}\" y=\"{o.Y + o.Width}\" width=\"6\" height=\"{o.Height - o.Width}\" fill=\"#6b7280\"/>"));
                    svg.Append(Invariant($"<circle cx=\"{o.X + o.Width / 2}\" cy=\"{o.Y + o.Width / 2}\" r=\"{o.Width / 2}\" fill=\"{o.Colour}\"/>"));
                    svg.Append(Invariant($"<circle cx=\"{o.X + o.Width / 2}\" cy=\"{o.Y + o.Width / 2}\" r=\"{o.Width / 2 - 5}\" fill=\"#ffffff\"/>"));
                    break;
            }
        svg.Append("</svg>");
        return svg.ToString();
    }
}
