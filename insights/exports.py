"""Every statistics table downloads as CSV or XLSX."""

import csv
import io

from django.http import HttpResponse
from openpyxl import Workbook


def csv_response(filename, headers, rows):
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}.csv"'
    response.write("\ufeff")  # so that spreadsheet programs read UTF-8 (å, ä, ö)
    writer = csv.writer(response)
    writer.writerow(headers)
    for row in rows:
        writer.writerow(["" if cell is None else cell for cell in row])
    return response


def xlsx_response(filename, headers, rows):
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = filename[:31]
    sheet.append([str(header) for header in headers])
    for row in rows:
        sheet.append(list(row))
    buffer = io.BytesIO()
    workbook.save(buffer)
    response = HttpResponse(
        buffer.getvalue(), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}.xlsx"'
    return response
