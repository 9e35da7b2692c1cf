"""The fixed texts of the reports people read, in English and Japanese.

Every heading, column name and fixed phrase of the outputs people read comes from
:data:`CATALOGUE` through :func:`messages`: the table, Markdown and HTML of
``estimate`` and ``report``, the table and Markdown of ``calculate``, the table of
``credits``, the table of findings on standard error (its headings and severities; the
finding messages stay English), and the labels of the Monitoring Spreadsheet (``xlsx``,
from ``report`` and ``template``). The Japanese
terms are those of the Japanese programme documents (排出削減量, リファレンス排出量,
プロジェクト排出量, モニタリング期間, クレジット); where no official Japanese name is at
hand (the Monitoring Spreadsheet itself, its sheet names, the allocation schemes), the
English name stays. JSON and CSV field names never depend on the language.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Literal

Language = Literal["en", "ja"]
LANGUAGES: tuple[Language, ...] = ("en", "ja")

CATALOGUE: dict[str, tuple[str, str]] = {
    # key: (English, Japanese)
    "emission_reductions_title": ("Emission reductions", "排出削減量"),
    "report_title": ("Monitoring report", "モニタリング報告書"),
    "estimate_title": ("Ex-ante estimate", "事前推計"),
    "identity": ("Project and methodology", "プロジェクトと方法論"),
    "project": ("Project", "プロジェクト"),
    "partner_country": ("Partner country", "パートナー国"),
    "methodology": ("Methodology", "方法論"),
    "version": ("version", "版"),
    "rounding": ("Rounding", "端数処理"),
    "rounding_floor": (
        "floor to steps of {step} tCO2, of the exact ER",
        "厳密な排出削減量を {step} tCO2 単位で切り捨て",
    ),
    "rounding_other": (
        "{mode} to steps of {step} tCO2, of the exact ER",
        "厳密な排出削減量を {step} tCO2 単位で {mode}",
    ),
    "period": ("period", "モニタリング期間"),
    "periods_heading": (
        "Emission reductions per monitoring period",
        "モニタリング期間ごとの排出削減量",
    ),
    "start": ("start", "開始日"),
    "end": ("end", "終了日"),
    "reference_emissions": ("RE (tCO2)", "リファレンス排出量 (tCO2)"),
    "project_emissions": ("PE (tCO2)", "プロジェクト排出量 (tCO2)"),
    "emission_reductions": ("ER (tCO2)", "排出削減量 (tCO2)"),
    "emission_reductions_rounded": ("ER rounded (tCO2)", "排出削減量 端数処理後 (tCO2)"),
    "total": ("total", "合計"),
    "allocation": ("Credit allocation", "クレジットの配分"),
    "party": ("party", "配分先"),
    "role": ("role", "区分"),
    "credits": ("credits", "クレジット"),
    "rule": ("rule", "規則"),
    "eligibility": ("Eligibility", "適格性要件"),
    "criterion": ("criterion", "要件"),
    "status": ("status", "判定"),
    "detail": ("detail", "詳細"),
    "findings": ("Findings", "指摘事項"),
    "no_findings": ("No findings.", "指摘事項はありません。"),
    "code": ("code", "コード"),
    "provenance": ("Provenance", "出所"),
    "trace": ("Calculation trace", "計算の過程"),
    "symbol": ("symbol", "記号"),
    "unit": ("unit", "単位"),
    "expression": ("equation", "計算式"),
    "point": ("monitoring point", "モニタリングポイント"),
    "value": ("value", "値"),
    "charts": ("Charts", "グラフ"),
    "chart_outputs": ("RE, PE and ER per monitoring period", "モニタリング期間ごとの RE・PE・ER"),
    "chart_monitored": (
        "{symbol} per monitoring point ({unit})",
        "モニタリングポイントごとの {symbol} ({unit})",
    ),
    "data_coverage": ("Data coverage", "データの網羅性"),
    "chart_series_day": (
        "{symbol} per monitoring point, by day ({unit})",
        "モニタリングポイントごとの {symbol}、日別 ({unit})",
    ),
    "chart_series_month": (
        "{symbol} per monitoring point, by calendar month ({unit})",
        "モニタリングポイントごとの {symbol}、月別 ({unit})",
    ),
    "series_heading": ("Monitored values over time", "モニタリング値の推移"),
    "series_from": ("from", "開始日"),
    "series_in_html": (
        "{caption}: {count} values per point, charted in the HTML report (--format html)",
        "{caption}: ポイントごとに {count} 個の値。グラフは HTML 報告書 (--format html) にあります",
    ),
    "annual": ("Annual estimate", "年間推計"),
    "per_year": ("per year", "年間"),
    "over_crediting": ("crediting period ({years} years)", "クレジット期間 ({years} 年)"),
    "over_durable": ("legal durable years ({years} years)", "法定耐用年数 ({years} 年)"),
    "span": ("over", "期間"),
    "screening": ("Programme screening", "事業の審査基準"),
    "test": ("test", "基準"),
    "formula": ("formula", "算定式"),
    "worked": ("figures", "計算"),
    "threshold": ("threshold", "基準値"),
    "result": ("result", "結果"),
    "passed": ("passed", "適合"),
    "not_passed": ("not passed", "不適合"),
    "source": ("source", "根拠"),
    "cost-effectiveness": ("cost-effectiveness", "費用対効果"),
    "investment payback": ("investment payback", "投資回収年数"),
    "formula:cost-effectiveness": (
        "subsidy ÷ (annual ER × durable years)",
        "補助金額 ÷ (年間排出削減量 × 法定耐用年数)",
    ),
    "formula:investment payback": (
        "(investment − subsidy) ÷ annual savings",
        "(投資額 − 補助金額) ÷ 年間削減費用",
    ),
    "source_marks": (
        "formula [{formula}], threshold [{threshold}]",
        "算定式 [{formula}]、基準値 [{threshold}]",
    ),
    "marks_note": (
        "Source marks: [confirmed] a programme rule; [likely] the usual practice, to be "
        "checked against the current call for proposals.",
        "根拠の表示: [confirmed] 制度の規定、[likely] 一般的な方法（最新の公募要領で要確認）。",
    ),
    "generated_by": ("Generated by jcm-mrv {version}", "jcm-mrv {version} により作成"),
    "project_file": ("project file", "プロジェクトファイル"),
    "methodology_file": ("methodology file", "方法論ファイル"),
    "data_file": ("data file", "データファイル"),
    "overrides": ("Overrides", "上書きされた値"),
    "override": ("override", "上書き"),
    "not_confirmed": ("Not confirmed", "未確認"),
    "unconfirmed_note": (
        "not confirmed from a public JCM source: not official values",
        "公開された JCM の資料で確認されていない値であり、公式の値ではありません",
    ),
    # the table outputs of calculate and credits
    "table_title": ("Emission reductions (tCO2)", "排出削減量 (tCO2)"),
    "re_short": ("RE", "リファレンス排出量"),
    "pe_short": ("PE", "プロジェクト排出量"),
    "er_short": ("ER", "排出削減量"),
    "er_rounded_short": ("ER rounded", "排出削減量 端数処理後"),
    "negative_issued": ("negative: 0 issued", "負の値のため発行 0"),
    "status:pass": ("pass", "適合"),
    "status:fail": ("fail", "不適合"),
    "status:attestation-needed": ("attestation-needed", "証明書類の確認が必要"),
    "calculation_period": ("Calculation, period {period}", "計算の過程、モニタリング期間 {period}"),
    "kind": ("kind", "種別"),
    "expression_column": ("expression", "計算式"),
    "values_by_day": (
        "Values by day ({symbols}) are in the JSON output (--format json --explain).",
        "日ごとの値 ({symbols}) は JSON 出力 (--format json --explain) にあります。",
    ),
    "allocation_of": (" of {project}", ": {project}"),
    "allocation_from": (" from {source}", " ({source} より)"),
    "issued": ("issued", "発行量"),
    "share": ("share", "割合"),
    "arithmetic": ("arithmetic", "計算"),
    "issued_under": (
        "{issued} credits issued under {scheme}",
        "{scheme} による発行 {issued} クレジット",
    ),
    "period_prefix": ("Period {period}: ", "モニタリング期間 {period}: "),
    "role:japan-government": ("japan-government", "日本国政府"),
    "role:partner-government": ("partner-government", "パートナー国政府"),
    "role:participant": ("participant", "プロジェクト参加者"),
    # the table of findings on stderr (the finding messages themselves stay English)
    "location": ("location", "場所"),
    "severity": ("severity", "重大度"),
    "message": ("message", "内容"),
    "severity:error": ("error", "エラー"),
    "severity:warning": ("warning", "警告"),
    "severity:info": ("info", "情報"),
    "files_checked_one": (
        "{files} file checked: {errors} error(s), {warnings} warning(s)",
        "{files} 個のファイルを検査: エラー {errors} 件、警告 {warnings} 件",
    ),
    "files_checked": (
        "{files} files checked: {errors} error(s), {warnings} warning(s)",
        "{files} 個のファイルを検査: エラー {errors} 件、警告 {warnings} 件",
    ),
    # the comments of the project-file skeleton (jcm-mrv template); the keys stay English
    "yaml_head": (
        "Project file for {id} version {version}: {title}",
        "{id} 版 {version} のプロジェクトファイル: {title}",
    ),
    "yaml_made_by": (
        "Made by 'jcm-mrv template'. To use it:",
        "'jcm-mrv template' で作成。使い方:",
    ),
    "yaml_step_replace": (
        "Replace every '{placeholder}' below with the project's value.",
        "以下の '{placeholder}' をすべてプロジェクトの値に置き換えてください。",
    ),
    "yaml_step_rename": (
        "Rename the monitoring points and periods here and in {files} alike.",
        "モニタリングポイントとモニタリング期間の名前は、ここと {files} とで同じに変えてください。",
    ),
    "yaml_step_workbook": (
        "In the sheet MRS(input) of {files}, enter the monitored values (Table 1) and the "
        "project-specific values fixed ex ante (Table 2) in the blank cells.",
        "{files} の MRS(input) シートの空欄に、モニタリング値（表1）と事前に固定するプロジェクト"
        "固有の値（表2）を入力してください。",
    ),
    "yaml_step_sheets": (
        "Enter the monitored values in the blank cells of {files}.",
        "{files} の空欄にモニタリング値を入力してください。",
    ),
    "yaml_step_run": (
        "Run: jcm-mrv calculate project.yaml, then jcm-mrv credits project.yaml",
        "実行: jcm-mrv calculate project.yaml、次に jcm-mrv credits project.yaml",
    ),
    "yaml_id": (
        "the project's identifier: country code and 3 digits, e.g. {example}",
        "プロジェクトの識別子: 国コードと3桁の数字（例: {example}）",
    ),
    "yaml_title": ("the project's title", "プロジェクトの名称"),
    "yaml_countries": (
        "(the methodology applies to {countries})",
        "（方法論の対象国: {countries}）",
    ),
    "yaml_point_index": (
        "One point per value of the index {index}: {meaning}",
        "添字 {index} の値ごとに1つのモニタリングポイント: {meaning}",
    ),
    "yaml_point_description": (
        "describe the equipment monitored here",
        "ここでモニタリングする設備を記述してください",
    ),
    "yaml_in_table_2": (
        "{names}: enter them in Table 2 (project-specific parameters fixed ex ante) of the "
        "sheet MRS(input) of {workbook}",
        "{names}: {workbook} の MRS(input) シートの表2（事前に固定するプロジェクト固有の"
        "パラメータ）に入力してください",
    ),
    "yaml_choice_cell": (
        "{name} is a choice: write one of {options} (the option's text) in its Table 2 value cell",
        "{name} は選択肢: 表2 の値のセルに {options} のいずれか（選択肢の文字列）を"
        "記入してください",
    ),
    "yaml_no_parameters": (
        "the methodology has no project-specific values",
        "この方法論にはプロジェクト固有の値はありません",
    ),
    "yaml_source": ("Source: {source}", "出所: {source}"),
    "yaml_eligibility": (
        "Eligibility {criterion} requires {condition}",
        "適格性要件 {criterion}: {condition}",
    ),
    "yaml_number": ("a number in {unit}", "数値 ({unit})"),
    "yaml_number_dimensionless": ("a number (dimensionless)", "数値 (無次元)"),
    "yaml_choice_source": (
        "the PDD section that describes the configuration",
        "構成を記述した PDD の節",
    ),
    "yaml_bands": (
        "the approved methodology's table, one band a line: - {{min: …, max: …, value: …}} "
        "(min, max in {unit})",
        "承認方法論の表、1行に1区分: - {{min: …, max: …, value: …}} (min, max の単位は {unit})",
    ),
    "yaml_optional": (
        "Optional: {name} serves only to check the monitoring data against the bounds that "
        "use it. Uncomment and fill it in to check them; left out, they are not checked (a "
        "warning says so)",
        "任意: {name} はそれを用いる上下限でモニタリングデータを検査するためだけに使います。"
        "検査するにはコメントを外して記入してください。省略すると検査されません (警告が出ます)",
    ),
    "yaml_value_source": (
        "the PDD section or datasheet the value comes from",
        "値の出所となる PDD の節またはデータシート",
    ),
    "yaml_options": (
        "The monitoring option chosen for each monitored parameter: A public data, "
        "B invoices, C direct measurement",
        "モニタリングする各パラメータに選んだモニタリングオプション: A 公開データ、B 請求書、"
        "C 直接計測",
    ),
    "yaml_only_option": ("the only option {id} allows", "{id} が認める唯一のオプション"),
    "yaml_workbook_rows": (
        "The Monitoring Spreadsheet: Table 1 of the sheet MRS(input) holds a row per period, "
        "point and parameter (a row per day for values monitored per day)",
        "Monitoring Spreadsheet: MRS(input) シートの表1 は期間・ポイント・パラメータごとに1行"
        "（日ごとにモニタリングする値は1日1行）",
    ),
    "yaml_rows:period": ("{parameters}: one row per period", "{parameters}: 期間ごとに1行"),
    "yaml_rows:period-point": (
        "{parameters}: one row per period and point",
        "{parameters}: 期間とポイントごとに1行",
    ),
    "yaml_rows:day": ("{parameters}: one row per day", "{parameters}: 1日ごとに1行"),
    "yaml_rows:day-point": (
        "{parameters}: one row per day and point",
        "{parameters}: 日とポイントごとに1行",
    ),
    "yaml_no_monitored": ("no parameters", "パラメータなし"),
    "yaml_periods": (
        "The monitoring periods (first and last day, inclusive): adjust them.",
        "モニタリング期間（初日と最終日を含む）: 調整してください。",
    ),
    "yaml_allocation": (
        "How the credits issued are split between the governments and the project "
        "participants (docs/credit-allocation.md). Schemes: moej-financing (Ministry of "
        "the Environment financing: Japan at least 1/2), fgas-subsidy (fluorocarbon "
        "subsidy), custom.",
        "発行されたクレジットを両国政府とプロジェクト参加者の間で配分する方法 "
        "(docs/credit-allocation.md)。スキーム: moej-financing（環境省の資金支援: 日本が少なくとも "
        "1/2）、fgas-subsidy（フロン対策の補助）、custom。",
    ),
    "yaml_scheme": (
        "the programme's scheme: change it if another applies",
        "事業のスキーム: 他が該当する場合は変更してください",
    ),
    "yaml_partner_share": (
        "the partner government's share of the credits issued, e.g. 10% (0% if none)",
        "発行クレジットのうちパートナー国政府の割合、例: 10%（なければ 0%）",
    ),
    "yaml_participants": (
        "one entry per project participant; the shares of the rest add up to 1",
        "プロジェクト参加者ごとに1項目。残りの割合の合計は 1",
    ),
    "yaml_participant_name": ("the participant's name", "参加者の名称"),
    # the Monitoring Spreadsheet (xlsx): the sheet names stay the official ones
    # (MPS(input) …), so that every formula is the same in both languages
    "xlsx_title": (
        "Monitoring Spreadsheet: {id} ver{version} ({what})",
        "Monitoring Spreadsheet: {id} ver{version}（{what}）",
    ),
    "xlsx_plan_sheet": ("monitoring plan sheet", "モニタリング計画シート"),
    "xlsx_report_sheet": ("monitoring report sheet", "モニタリング報告シート"),
    "xlsx_ex_ante": ("ex-ante calculation", "事前計算"),
    "xlsx_ex_post": ("ex-post calculation", "事後計算"),
    "xlsx_methodology_title": ("Title of the methodology", "方法論の名称"),
    "xlsx_reference_number": ("Reference Number", "参照番号"),
    "xlsx_project_title": ("Title of the project", "プロジェクトの名称"),
    "xlsx_table_plan": (
        "Table 1: Parameters to be monitored ex post (estimated values)",
        "表1: 事後的にモニタリングするパラメータ（推計値）",
    ),
    "xlsx_table_monitored": (
        "Table 1: Parameters monitored ex post",
        "表1: 事後的にモニタリングしたパラメータ",
    ),
    "xlsx_table_fixed": (
        "Table 2: Project-specific parameters to be fixed ex ante",
        "表2: 事前に固定するプロジェクト固有のパラメータ",
    ),
    "xlsx_table_results": (
        "Table 3: Ex-post calculation of CO2 emission reductions",
        "表3: CO2 排出削減量の事後計算",
    ),
    "xlsx_monitoring_period": ("Monitoring period", "モニタリング期間"),
    "xlsx_point": ("Monitoring point No.", "モニタリングポイント番号"),
    "xlsx_parameters": ("Parameters", "パラメータ"),
    "xlsx_description": ("Description of data", "データの説明"),
    "xlsx_values": ("Values", "値"),
    "xlsx_estimated_values": ("Estimated Values", "推計値"),
    "xlsx_units": ("Units", "単位"),
    "xlsx_option": ("Monitoring option", "モニタリングオプション"),
    "xlsx_source": ("Source of data", "データの出所"),
    "xlsx_measurement": ("Measurement methods and procedures", "測定方法及び手順"),
    "xlsx_frequency": ("Monitoring frequency", "モニタリング頻度"),
    "xlsx_comments": ("Other comments", "その他のコメント"),
    "xlsx_reductions": ("CO2 emission reductions", "CO2 排出削減量"),
    "xlsx_option_value": ("Option {option}", "オプション {option}"),
    "xlsx_not_estimated": (
        "estimated value not yet given (an ex-ante estimate fills it in)",
        "推計値は未記入（事前推計があれば記入されます）",
    ),
    "xlsx_estimated": (
        "estimated annual value (the project's estimates: section)",
        "年間の推計値（プロジェクトファイルの estimates: セクション）",
    ),
    "xlsx_fill_in": ("FILL IN", "FILL IN（要記入）"),
    "xlsx_one_of": ("one of {options}", "{options} のいずれか"),
    "xlsx_fill_in_one_of": ("FILL IN: one of {options}", "FILL IN（要記入）: {options} のいずれか"),
    "xlsx_rounded": ("ER_p rounded [tCO2]", "ER_p 端数処理後 [tCO2]"),
    "xlsx_ex_ante_period": ("ex ante (estimated values)", "事前（推計値）"),
    "xlsx_annual_period": ("ex ante, per year (estimated values)", "事前、年間（推計値）"),
    "xlsx_daily_plan": (
        "the ex-ante calculation of a methodology with daily values is made by an ex-ante "
        "estimate, not by this sheet",
        "日ごとの値を持つ方法論の事前計算は、このシートではなく事前推計で行います",
    ),
    "xlsx_defaults": ("Default values of the methodology", "方法論のデフォルト値"),
    "xlsx_fixed_values": ("Values fixed ex ante", "事前に固定される値"),
    "xlsx_period_heading": ("Monitoring period {id}: {text}", "モニタリング期間 {id}: {text}"),
    "xlsx_terms": (
        "{equation}: terms summed over {index}",
        "{equation}: {index} について合計する項",
    ),
    "xlsx_totals": ("Totals of the ex-ante estimate", "事前推計の合計"),
    "xlsx_span": ("span", "期間"),
    "xlsx_years": ("years", "年数"),
}


def messages(lang: Language = "en") -> Mapping[str, str]:
    """The fixed texts in ``lang``: a mapping from each catalogue key to its text."""
    column = LANGUAGES.index(lang)
    return {key: texts[column] for key, texts in CATALOGUE.items()}


def rounding_text(rounding: Mapping[str, str], m: Mapping[str, str]) -> str:
    """A result's rounding rule (``{"mode", "step"}``) in words, in ``m``'s language."""
    key = "rounding_floor" if rounding.get("mode") == "floor" else "rounding_other"
    return f"{m['rounding']}: " + m[key].format(**rounding)
