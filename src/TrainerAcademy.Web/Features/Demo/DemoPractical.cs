using Microsoft.EntityFrameworkCore;
using TrainerAcademy.Data;
using TrainerAcademy.Domain.Practical;
using TrainerAcademy.Domain.Results;

namespace TrainerAcademy.Features.Demo;

/// <summary>
/// A level-3 task of each scoring kind, so the practical task pool has something to show and edit, and the level-3
/// skill blueprint that draws all seven of them (100 points, 120 minutes); for levels 2 and 1, a comprehensive review
/// task (the technical summary or paper examiners score) and the review blueprint that draws it.
/// </summary>
public static class DemoPractical
{
    public static async Task SeedAsync(AcademyDbContext db, TimeProvider clock, CancellationToken ct)
    {
        if (await db.PracticalTasks.AnyAsync(t => t.Code.StartsWith("DEMO-L3-"), ct)) return;
        var now = clock.GetUtcNow();
        db.PracticalTasks.AddRange(
            new PracticalTask("DEMO-L3-01", 3, "电商评论情感分类", PracticalCategory.DataCleaningAndAnnotation, PracticalScoringKind.TextClassification, 10, 15,
                "阅读每条用户评论，按其情感倾向标注为“正面”“负面”或“中性”。每条评论只选一个标签。",
                """{"labels":["正面","负面","中性"],"items":[{"id":"c1","text":"物流很快，包装也很用心，好评","label":"正面"},{"id":"c2","text":"用了两天就坏了，客服也不回复","label":"负面"},{"id":"c3","text":"东西收到了，和描述基本一致","label":"中性"},{"id":"c4","text":"性价比很高，会再来买","label":"正面"},{"id":"c5","text":"尺码偏小，退货流程太麻烦","label":"负面"}]}""",
                null, now),
            new PracticalTask("DEMO-L3-02", 3, "客服对话实体标注", PracticalCategory.DataCleaningAndAnnotation, PracticalScoringKind.EntitySpans, 10, 15,
                "在下面的客服对话文本中标出所有人名、地名和时间实体，给出每个实体的起止位置（从 0 开始，终点不含）和类型。",
                """{"text":"张伟预约了3月5日在上海徐汇门店的维修服务","types":["人名","地名","时间"],"spans":[{"start":0,"end":2,"type":"人名"},{"start":5,"end":9,"type":"时间"},{"start":10,"end":14,"type":"地名"}]}""",
                null, now),
            new PracticalTask("DEMO-L3-03", 3, "道路场景目标框标注", PracticalCategory.CollectionGuidance, PracticalScoringKind.BoundingBoxes, 15, 20,
                "在平台给出的每张道路场景图中，用矩形框标出所有车辆和行人，并选择对应标签。框应紧贴目标边缘。",
                """{"seed":20270301,"images":5}""", null, now),
            new PracticalTask("DEMO-L3-04", 3, "培训通知语音转写", PracticalCategory.BusinessDataProcessing, PracticalScoringKind.Transcription, 10, 15,
                "逐条收听音频，将内容逐字转写为中文文本，保留标点，不要添加音频中没有的内容。",
                """{"items":[{"id":"a1","reference":"请各位学员在考试开始前十分钟进入考场。"},{"id":"a2","reference":"本次培训共安排六个模块，每个模块结束后进行测验。"},{"id":"a3","reference":"实操考核时间为一百二十分钟。"}]}""",
                null, now),
            new PracticalTask("DEMO-L3-05", 3, "会员数据清洗", PracticalCategory.DataCleaningAndAnnotation, PracticalScoringKind.DataCleaning, 20, 25,
                string.Join("\n", DirtyCsvGenerator.Instructions), """{"seed":7,"records":40}""", null, now),
            new PracticalTask("DEMO-L3-06", 3, "反欺诈模型效果评估", PracticalCategory.ModelDevelopmentAndTesting, PracticalScoringKind.ModelEvaluation, 15, 15,
                "根据给出的真实标签和模型预测结果，以“欺诈”为正类，计算准确率、精确率、召回率、F1 值和混淆矩阵，结果保留四位小数。",
                """{"classes":["正常","欺诈"],"positive":"欺诈","actual":["正常","欺诈","欺诈","正常","正常","欺诈","正常","正常","欺诈","正常"],"predicted":["正常","欺诈","正常","正常","欺诈","欺诈","正常","正常","欺诈","正常"],"tolerance":0.01}""",
                null, now),
            new PracticalTask("DEMO-L3-07", 3, "数据标注员岗前培训大纲", PracticalCategory.TrainingSyllabusWriting, PracticalScoringKind.Rubric, 20, 30,
                "某企业新招聘 20 名数据标注员，请为其编写一份为期 3 天的岗前培训大纲，包括培训目标、内容模块与课时、培训方式和考核方式。",
                null,
                [
                    new RubricLine("M1", "培训目标明确，与数据标注岗位要求相符", 5),
                    new RubricLine("M2", "内容模块完整（标注规范、工具操作、质检要求），课时分配合理", 7),
                    new RubricLine("M3", "培训方式适合成人学习，理论与实操结合", 4),
                    new RubricLine("M4", "考核方式与评价标准清晰可执行", 4),
                ], now));
        db.SkillBlueprints.Add(new SkillBlueprint(3, "三级技能考核（演示方案）", 120, 60,
        [
            new SkillBlueprintLine(PracticalCategory.BusinessDataProcessing, 1, 10),
            new SkillBlueprintLine(PracticalCategory.DataCleaningAndAnnotation, 2, 10),
            new SkillBlueprintLine(PracticalCategory.DataCleaningAndAnnotation, 1, 20),
            new SkillBlueprintLine(PracticalCategory.ModelDevelopmentAndTesting, 1, 15),
            new SkillBlueprintLine(PracticalCategory.TrainingSyllabusWriting, 1, 20),
            new SkillBlueprintLine(PracticalCategory.CollectionGuidance, 1, 15),
        ], now));
        foreach (var (level, code, title, instructions) in new[]
        {
            (2, "DEMO-L2-R1", "技术总结：智能训练项目的效果优化",
                "提交一篇本人主持或主要参与的人工智能训练项目的技术总结（3000 字以上，PDF 或 Word），说明项目背景与目标、数据与训练方案、实施过程、效果评估及经验。可在答题区概述要点并上传全文。"),
            (1, "DEMO-L1-R1", "论文：人工智能训练体系的设计与评估",
                "提交一篇关于人工智能训练体系设计、质量管理或人才培养的论文（5000 字以上，PDF 或 Word），应有明确的问题、方法、实践数据和结论。可在答题区概述要点并上传全文。"),
        })
        {
            db.PracticalTasks.Add(new PracticalTask(code, level, title, PracticalCategory.DataAnalysisAndOptimization, PracticalScoringKind.Rubric, 100, 60,
                instructions, null,
                [
                    new RubricLine("M1", "背景与目标清楚，问题界定准确", 15),
                    new RubricLine("M2", "技术方案合理，实施过程完整可信", 30),
                    new RubricLine("M3", "效果评估有数据支撑，结论可靠", 25),
                    new RubricLine("M4", "有创新或推广价值，体现本等级的技术水平", 15),
                    new RubricLine("M5", "结构完整，表达规范，引用得当", 15),
                ], now, AssessmentComponent.Review));
            db.SkillBlueprints.Add(new SkillBlueprint(level, level == 2 ? "二级综合评审（演示方案）" : "一级综合评审（演示方案）", 60, 60,
                [new SkillBlueprintLine(PracticalCategory.DataAnalysisAndOptimization, 1, 100)], now, AssessmentComponent.Review));
        }
        await db.SaveChangesAsync(ct);
    }
}
