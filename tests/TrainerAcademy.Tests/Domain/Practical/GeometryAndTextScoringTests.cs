using TrainerAcademy.Domain;
using TrainerAcademy.Domain.Practical;

namespace TrainerAcademy.Tests.Domain.Practical;

/// <summary>Bounding boxes, transcription and model evaluation against hand-worked answers.</summary>
public class GeometryAndTextScoringTests
{
    private static decimal Line(TaskScore score, string key) => score.Breakdown.Single(l => l.Key == key).Value;

    private static BoundingBox Box(decimal x, decimal y, decimal w = 10, decimal h = 10, string label = "car", string image = "img1") => new(image, x, y, w, h, label);

    [Fact]
    public void IoU_is_intersection_over_union()
    {
        Assert.Equal(1m, Box(0, 0).IoU(Box(0, 0)));
        Assert.Equal(90m / 110m, Box(0, 0).IoU(Box(1, 0)));
        Assert.Equal(50m / 150m, Box(20, 0).IoU(Box(20, 5)));
        Assert.Equal(0m, Box(0, 0).IoU(Box(10, 0))); // touching edges
        Assert.Equal(0m, Box(0, 0).IoU(Box(0, 0, 0, 10)));
    }

    [Fact]
    public void Boxes_match_one_to_one_by_highest_IoU_and_a_second_box_on_the_same_object_is_extra()
    {
        BoundingBox[] gold = [Box(0, 0), Box(20, 0)];
        // The exact box (IoU 1) takes the first object; the near one (IoU 0.82) on the same object is left over; the third
        // overlaps the second object at IoU 1/3, under the threshold. 1 match: P 1/3, R 1/2, F1 0.4.
        BoundingBox[] predicted = [Box(1, 0), Box(0, 0), Box(20, 5)];

        var score = BoundingBoxes.Score(gold, predicted, 10m);

        Assert.Equal(4.00m, score.Points);
        Assert.Equal((1m, 1m, 2m, 1m), (Line(score, "matched"), Line(score, "missed"), Line(score, "extra"), Line(score, "mean-iou")));
        Assert.Equal((0.3333m, 0.5m), (Line(score, "precision"), Line(score, "recall")));
    }

    [Fact]
    public void Overlapping_gold_boxes_each_take_their_own_prediction()
    {
        // Two gold boxes overlapping each other (IoU 0.82); each prediction sits exactly on one of them.
        BoundingBox[] gold = [Box(0, 0), Box(1, 0)];

        var score = BoundingBoxes.Score(gold, [Box(1, 0), Box(0, 0)], 10m);
        var single = BoundingBoxes.Score(gold, [Box(0.5m, 0)], 10m);

        Assert.Equal(10m, score.Points);
        Assert.Equal((1m, 1m), (Line(single, "matched"), Line(single, "missed")));
    }

    [Fact]
    public void Boxes_match_only_within_their_image_and_label()
    {
        BoundingBox[] gold = [Box(0, 0), Box(0, 0, image: "img2")];

        var score = BoundingBoxes.Score(gold, [Box(0, 0, label: "person"), Box(0, 0, image: "img3")], 10m);

        Assert.Equal(0m, score.Points);
    }

    [Fact]
    public void Boxes_all_right_earn_every_point_and_none_given_earn_none()
    {
        BoundingBox[] gold = [Box(0, 0), Box(20, 0), Box(0, 0, image: "img2")];

        Assert.Equal(15m, BoundingBoxes.Score(gold, gold, 15m).Points);
        Assert.Equal(0m, BoundingBoxes.Score(gold, [], 15m).Points);
        Assert.Equal(15m, BoundingBoxes.Score([], [], 15m).Points);
        Assert.Equal("practical.box-gold", Assert.ThrowsAny<RuleViolation>(() => BoundingBoxes.Score([Box(0, 0, 0, 5)], [], 15m)).Code);
    }

    [Fact]
    public void Levenshtein_distance_counts_insertions_deletions_and_substitutions()
    {
        Assert.Equal(3, Transcription.Distance(Transcription.Elements("kitten"), Transcription.Elements("sitting")));
        Assert.Equal(0, Transcription.Distance(Transcription.Elements(""), Transcription.Elements("")));
        Assert.Equal(4, Transcription.Distance(Transcription.Elements("人工智能"), Transcription.Elements("")));
    }

    [Fact]
    public void The_character_error_rate_counts_text_elements_after_NFC()
    {
        // 汽 for 气 and an extra 啊: 2 edits over 6 characters.
        var score = Transcription.Score([new("1", "今天天气很好", "今天天汽很好啊")], 10m);
        // é typed as e + combining accent is the same text; a family emoji is one element.
        var composed = Transcription.Score([new("2", "café", "cafe\u0301")], 10m);
        var emoji = Transcription.Score([new("3", "好👨‍👩‍👧", "好")], 10m);

        Assert.Equal((6.67m, 0.3333m), (score.Points, Line(score, "cer")));
        Assert.Equal(10m, composed.Points);
        Assert.Equal(0.5m, Line(emoji, "cer"));
    }

    [Fact]
    public void Several_clips_are_scored_by_their_summed_edits_over_their_summed_length_on_the_task_scale()
    {
        // 1 edit in 10 characters: CER 0.1; full points up to 0.05, none from 0.30, so (0.30 − 0.10) / 0.25 = 0.8.
        TranscriptionItem[] clips = [new("a", "一二三四五", "一二三四五"), new("b", "六七八九十", "六七八九")];

        var score = Transcription.Score(clips, 10m, new CerScale(0.05m, 0.30m));

        Assert.Equal((8.00m, 0.1m), (score.Points, Line(score, "cer")));
        Assert.Equal(1m, Line(score, "clip:b"));
    }

    [Fact]
    public void An_empty_transcription_earns_nothing_and_an_exact_one_everything()
    {
        Assert.Equal(0m, Transcription.Score([new("1", "人工智能训练师", null)], 10m).Points);
        Assert.Equal(10m, Transcription.Score([new("1", "人工智能训练师", " 人工智能训练师 ")], 10m).Points);
        Assert.Equal(0m, Transcription.Score([new("1", "短", "完全不同的一段很长的文字")], 10m).Points);
    }

    private static readonly string[] Actual = ["正", "正", "正", "负", "负", "负", "负", "负"];
    private static readonly string[] Predicted = ["正", "正", "负", "正", "负", "负", "负", "负"];

    [Fact]
    public void Model_metrics_are_computed_for_the_positive_class()
    {
        // TP 2, FN 1, FP 1, TN 4.
        var m = ModelEvaluation.Compute(["正", "负"], "正", Actual, Predicted);

        Assert.Equal((0.75m, 2m / 3, 2m / 3), (m.Accuracy, m.Precision, m.Recall));
        Assert.Equal(0.6667m, PracticalScoring.RoundRatio(m.F1));
        Assert.Equal(new[] { new[] { 2, 1 }, new[] { 1, 4 } }, m.ConfusionMatrix);
    }

    [Fact]
    public void Each_evaluation_field_earns_its_fifth_within_the_tolerance()
    {
        var m = ModelEvaluation.Compute(["正", "负"], "正", Actual, Predicted);
        // Accuracy right, precision 0.67 within 0.01 of 0.6667, recall 0.65 off by 0.0167, F1 not given, matrix right.
        var answer = new ModelEvaluationAnswer(0.75m, 0.67m, 0.65m, null, [[2, 1], [1, 4]]);

        var score = ModelEvaluation.Score(m, answer, 10m);

        Assert.Equal(6.00m, score.Points);
        Assert.Equal(new[] { 2m, 2m, 0m, 0m, 2m }, score.Breakdown.Select(l => l.Value));
        Assert.Contains("未作答", score.Breakdown.Single(l => l.Key == "f1").Text);
    }

    [Fact]
    public void An_evaluation_all_right_earns_every_point_and_a_matrix_of_the_wrong_shape_earns_nothing()
    {
        var m = ModelEvaluation.Compute(["正", "负"], "正", Actual, Predicted);

        Assert.Equal(10m, ModelEvaluation.Score(m, new(0.75m, 0.6667m, 0.6667m, 0.6667m, [[2, 1], [1, 4]]), 10m).Points);
        Assert.Equal(0m, ModelEvaluation.Score(m, new(null, null, null, null, null), 10m).Points);
        var transposed = ModelEvaluation.Score(m, new(null, null, null, null, [[2, 1, 0], [1, 4, 0]]), 10m);
        Assert.Equal(0m, transposed.Points);
        Assert.Contains("4 个单元格错误", transposed.Breakdown.Single(l => l.Key == "confusion-matrix").Text);
    }

    [Fact]
    public void Predictions_with_no_positive_give_precision_0_rather_than_a_division_by_zero()
    {
        var m = ModelEvaluation.Compute(["正", "负"], "正", ["正", "负"], ["负", "负"]);

        Assert.Equal((0.5m, 0m, 0m, 0m), (m.Accuracy, m.Precision, m.Recall, m.F1));
        Assert.Equal("practical.evaluation-unknown-class",
            Assert.ThrowsAny<RuleViolation>(() => ModelEvaluation.Compute(["正", "负"], "正", ["正"], ["中"])).Code);
        Assert.Equal("practical.evaluation-lengths",
            Assert.ThrowsAny<RuleViolation>(() => ModelEvaluation.Compute(["正", "负"], "正", ["正"], [])).Code);
    }
}
