using KeypointGrains.Keypoints.Schema;
using KeypointGrains.Keypoints.Training;
using KeypointGrains.Reporting;
using SkiaSharp;

namespace KeypointGrains.Keypoints.Tests.Reporting;

public sealed class StudyReportTests : IDisposable
{
    private readonly TemporaryFolder folder = new();

    public void Dispose() => folder.Dispose();

    [Fact]
    public void ReportOfAFullStudyHasEverySectionAndEveryPictureItShows()
    {
        var study = SyntheticStudy.Build();
        var (html, images) = ReportAssert.Complete(StudyReport.Write(study, folder.Path));

        // Overview + one curve per model with a history; a chart per searched parameter; 3 gallery faces; filters, face,
        // activation maps; the photos' cumulative error curve and their three worst photos.
        int curves = study.Models.Count(m => m.History.Count > 0);
        Assert.Equal(1 + curves + 2 + 3 + 3 + 1 + 3, images.Count);
        Assert.Equal(images.Count, images.Distinct().Count());
        foreach (var group in KeypointSchema.Specialists) Assert.Contains(group.Name, html);
        Assert.Contains("contrast-stretch", html);
        Assert.DoesNotContain("not part of this study", html);
    }

    [Fact]
    public void MissingOptionalPartsAreSaidToBeMissingAndTheSectionsRemain()
    {
        var study = SyntheticStudy.Build() with { Augmentations = null, Gallery = null, FirstLayer = null, Photos = null, Search = null };
        var (html, images) = ReportAssert.Complete(StudyReport.Write(study, folder.Path));

        Assert.Equal(1 + study.Models.Count(m => m.History.Count > 0), images.Count);
        Assert.Contains("An augmentation study is not part of this study", html);
        Assert.Contains("A gallery of faces is not part of this study", html);
        Assert.Contains("A look at the first layer is not part of this study", html);
        Assert.Contains("An evaluation on photos is not part of this study", html);
        Assert.Contains("A recipe search is not part of this study", html);
    }

    [Fact]
    public void The_search_section_ranks_the_trials_charts_each_parameter_and_shows_each_rungs_cut_off_and_stops()
    {
        var (html, images) = ReportAssert.Complete(StudyReport.Write(SyntheticStudy.Build(), folder.Path));
        var section = html[html.IndexOf($"id=\"{ReportSections.Search}\"", StringComparison.Ordinal)..html.IndexOf($"id=\"{ReportSections.Specialists}\"", StringComparison.Ordinal)];

        // Best first, the best highlighted; the rung each reached; 15 of 36 epochs trained.
        var trials = System.Text.RegularExpressions.Regex.Matches(section, "<tr[^>]*><td>(trial-\\d)</td>").Select(m => m.Groups[1].Value);
        Assert.Equal(["trial-0", "trial-2", "trial-1", "trial-3"], trials);
        Assert.Contains("<tr class=\"best\"><td>trial-0</td><td>1e-3</td><td>32</td><td>epoch 3</td><td>9</td><td>6.800</td><td>Finished</td>", section);
        Assert.Contains("<td>trial-2</td><td>3e-4</td><td>32</td><td>epoch 1</td><td>2</td><td>11.700</td><td>Training</td>", section);
        Assert.Contains("15 of the 36 epochs", section);
        Assert.Equal(["search-batch.png", "search-lr.png"], images.Select(Path.GetFileName).Where(n => n!.StartsWith("search-")).Order());
        // After epoch 1: ⌈4/3⌉ = 2 kept, the second best loss the cut-off (48 × √0.06 px); after epoch 3 only trial-0.
        Assert.Contains("<td>epoch 1</td><td>4</td><td>2</td><td>0.06</td><td>11.758</td><td>trial-0, trial-2</td><td>trial-1, trial-3</td>", section);
        Assert.Contains("<td>epoch 3</td><td>1</td><td>1</td><td>0.02</td><td>6.788</td><td>trial-0</td><td></td>", section);
    }

    [Fact]
    public void The_photo_section_compares_the_two_framings_and_draws_the_worst_photos_missed_faces_first()
    {
        var study = SyntheticStudy.Build();
        var (html, _) = ReportAssert.Complete(StudyReport.Write(study, folder.Path));
        var section = html[html.IndexOf($"id=\"{ReportSections.Photos}\"", StringComparison.Ordinal)..];

        // Two of three faces found; the detector's mean NME over found faces (0.085) against the true framing's (0.05).
        Assert.Contains("<td>face detector</td><td>66.7 %</td><td>0.0850</td>", section);
        Assert.Contains("<td>true keypoints</td><td>100.0 %</td><td>0.0500</td>", section);
        Assert.Contains("1.700", section);
        var captions = System.Text.RegularExpressions.Regex.Matches(section, "<figcaption>([^<]*)</figcaption>").Select(m => m.Groups[1].Value).ToArray();
        Assert.Equal(["Share of photos at or below each NME", "missed.jpg · no face found", "far.png · NME 0.120", "near.jpg · NME 0.050"], captions);
    }

    [Fact]
    public void NamesFromTheStudyAreHtmlEscaped()
    {
        const string hostile = "<script>alert(\"x\")</script> & co";
        var study = SyntheticStudy.Build(firstModelName: hostile) with
        {
            Title = "Study <b>1</b>",
            Augmentations = [new AugmentationResult("<img src=x>", "m&m", 100, 3, 0.01, 4.8, 12)],
        };
        var (html, images) = ReportAssert.Complete(StudyReport.Write(study, folder.Path));

        Assert.Contains("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; co", html);
        Assert.Contains("Study &lt;b&gt;1&lt;/b&gt;", html);
        Assert.Contains("&lt;img src=x&gt;", html);
        Assert.Contains("m&amp;m", html);
        Assert.DoesNotContain("<b>1</b>", html);
        Assert.All(images, image => Assert.Matches("^[a-z0-9-]+\\.png$", Path.GetFileName(image)));
    }

    [Fact]
    public void KeypointsAreDrawnWhereTheyAreOnTheFace()
    {
        // A black face with one white square at (x 80, y 10), labelled at (x 40, y 20), predicted at (x 20, y 70):
        // the picture must keep the image upright and put each marker on its coordinates (3 picture pixels per face pixel).
        const int side = KeypointSchema.ImageSize;
        var pixels = new float[KeypointSchema.PixelCount];
        for (int y = 9; y <= 11; y++)
            for (int x = 79; x <= 81; x++) pixels[y * side + x] = 1;
        var face = new FaceExample(1, 50, pixels, [0, 1], [40, 20], [20, 70]);
        var study = SyntheticStudy.Build() with { Gallery = new FaceGallery("m", [face], []) };
        var (_, images) = ReportAssert.Complete(StudyReport.Write(study, folder.Path));

        using var picture = SKBitmap.Decode(images.Single(i => Path.GetFileName(i).StartsWith("face-")));
        Assert.Equal((side * 3, side * 3), (picture.Width, picture.Height));
        AssertCentreNear(picture, c => c.Red > 200 && c.Green > 200 && c.Blue > 200, 80, 10);
        AssertCentreNear(picture, c => c.Green > 150 && c.Red < 100 && c.Blue < 100, 40, 20);
        AssertCentreNear(picture, c => c.Red > 200 && c.Green < 100 && c.Blue < 100, 20, 70);
    }

    private static void AssertCentreNear(SKBitmap picture, Func<SKColor, bool> colour, double faceX, double faceY)
    {
        double sumX = 0, sumY = 0;
        int count = 0;
        for (int y = 0; y < picture.Height; y++)
            for (int x = 0; x < picture.Width; x++)
                if (colour(picture.GetPixel(x, y)))
                {
                    sumX += x;
                    sumY += y;
                    count++;
                }
        Assert.True(count > 0, "No pixel of the expected colour.");
        // Face pixel p covers picture pixels 3p … 3p+2, centred on 3p + 1.
        Assert.InRange(sumX / count, faceX * 3 + 1 - 0.75, faceX * 3 + 1 + 0.75);
        Assert.InRange(sumY / count, faceY * 3 + 1 - 0.75, faceY * 3 + 1 + 0.75);
    }
}
