# PyInstaller's own Qt collection minus unused plugins and catalogues (see freeze_config.py).
from freeze_config import filtered_qt_hook  # jury-desk.spec puts packaging/ on sys.path

hiddenimports, binaries, datas = filtered_qt_hook(__file__)
