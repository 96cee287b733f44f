
(function(){
  var errors=0;
  window.addEventListener('error',function(){errors++;document.body.setAttribute('data-js-errors',String(errors));});
  function cell(row,i){var c=row.cells[i];var v=c.getAttribute('data-v');return v!==null?v:c.textContent.trim();}
  document.querySelectorAll('table.sortable').forEach(function(t){
    var heads=t.tHead.rows[0].cells;
    for(var i=0;i<heads.length;i++){(function(i){
      heads[i].classList.add('sortable');
      heads[i].addEventListener('click',function(){
        var asc=heads[i].getAttribute('data-dir')!=='asc';
        for(var k=0;k<heads.length;k++){heads[k].removeAttribute('data-dir');}
        heads[i].setAttribute('data-dir',asc?'asc':'desc');
        var rows=Array.prototype.slice.call(t.tBodies[0].rows);
        rows.sort(function(a,b){
          var x=cell(a,i),y=cell(b,i),nx=parseFloat(x),ny=parseFloat(y);
          var r=(!isNaN(nx)&&!isNaN(ny))?nx-ny:x.localeCompare(y);
          return asc?r:-r;});
        rows.forEach(function(r){t.tBodies[0].appendChild(r);});
      });})(i);}
  });
  document.body.setAttribute('data-ready','1');
})();
